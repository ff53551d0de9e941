/**
 * The `CUSTOM STATS:` section ansible-playbook's default callback prints after the recap when
 * show_custom_stats is on: each host's set_stats data, then the run's (`RUN:`), as one-line JSON.
 */
import { banner } from '../output/banner.js'
import type { CustomStats } from '../executor/stats.js'

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]))
  return value
}

/** Python's json.dumps(indent=1, sort_keys=True) with the newlines removed, as _dump_results does here. */
function oneLine(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 1).replace(/\n/g, '')
}

export function formatCustomStats(custom: CustomStats, columns?: number): string {
  const hosts = Object.keys(custom).filter((h) => h !== '_run').sort()
  if (hosts.length === 0 && !custom._run) return ''
  let text = `${banner('CUSTOM STATS: ', columns)}\n`
  for (const host of hosts) text += `\t${host}: ${oneLine(custom[host])}\n`
  if (custom._run) text += `\n\tRUN: ${oneLine(custom._run)}\n`
  return text + '\n'
}
