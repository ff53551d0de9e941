/** How Ansible's callbacks turn a result into the JSON after `=>` (`_dump_results`). */
import type { ModuleResult } from '../module/types.js'
import { pyJsonDumps } from './pyjson.js'

export const NO_LOG_MESSAGE = "the output has been hidden due to the fact that 'no_log: true' was specified for this result"

/** The result as reporters may show it: internal keys gone, verbosity-gated keys dropped. */
export function visibleResult(result: ModuleResult, verbosity: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(result)) {
    if (key.startsWith('_ansible_') || key === 'exception') continue
    if ((key === 'invocation' || key === 'diff') && verbosity < 3) continue
    out[key] = value
  }
  return out
}

export function dumpResult(result: ModuleResult, verbosity: number, indent?: number): string {
  const pretty = indent ?? (result._ansible_verbose_always || verbosity >= 3 ? 4 : undefined)
  return pyJsonDumps(visibleResult(result, verbosity), { indent: pretty, sortKeys: true })
}
