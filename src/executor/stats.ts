/** Recap counting exactly as Ansible's strategy does (reference §6.3). */
import type { HostStats, HostStatus } from '../output/events.js'

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 }
}

/** set_stats data: per host, or for the whole run under the key `_run`, as Ansible's AggregateStats.custom. */
export type CustomStats = Record<string, Record<string, unknown>>

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Ansible's merge_hash: recursive for mappings, lists replaced. */
function merged(old: Record<string, unknown>, value: Record<string, unknown>): Record<string, unknown> {
  const out = { ...old }
  for (const [k, v] of Object.entries(value)) out[k] = isMapping(out[k]) && isMapping(v) ? merged(out[k] as Record<string, unknown>, v) : v
  return out
}

/** Python's `+=` for the types set_stats aggregates; undefined where Python would leave the value alone. */
function added(old: unknown, value: unknown): unknown {
  if (isMapping(old) && isMapping(value)) return merged(old, value)
  if (Array.isArray(old) && Array.isArray(value)) return [...old, ...value]
  if (typeof old === 'number' && typeof value === 'number') return old + value
  if (typeof old === 'string' && typeof value === 'string') return old + value
  return undefined
}

export class RunStats {
  private readonly byHost = new Map<string, HostStats>()
  readonly custom: CustomStats = {}

  /** set_stats with aggregate adds to what is there (of the same type); without it replaces. */
  recordCustom(host: string | undefined, data: Record<string, unknown>, aggregate: boolean): void {
    const into = (this.custom[host ?? '_run'] ??= {})
    for (const [key, value] of Object.entries(data)) {
      if (!aggregate || !(key in into)) {
        into[key] = value
        continue
      }
      const sum = added(into[key], value)
      if (sum !== undefined) into[key] = sum
    }
  }

  private for(host: string): HostStats {
    let stats = this.byHost.get(host)
    if (!stats) {
      stats = emptyStats()
      this.byHost.set(host, stats)
    }
    return stats
  }

  touch(host: string): void {
    this.for(host)
  }

  record(host: string, status: HostStatus, options: { ignored: boolean; changed: boolean }): void {
    const stats = this.for(host)
    switch (status) {
      case 'ok':
      case 'changed':
        stats.ok++
        if (status === 'changed') stats.changed++
        return
      case 'skipped':
        stats.skipped++
        return
      case 'failed':
        if (options.ignored) {
          stats.ok++
          stats.ignored++
          if (options.changed) stats.changed++
        } else stats.failed++
        return
      case 'unreachable':
        if (options.ignored) {
          stats.ok++
          stats.ignored++
        } else stats.unreachable++
        return
    }
  }

  recordRescued(host: string): void {
    this.for(host).rescued++
  }

  snapshot(): Record<string, HostStats> {
    return Object.fromEntries([...this.byHost].map(([host, stats]) => [host, { ...stats }]))
  }

  anyUnreachable(): boolean {
    return [...this.byHost.values()].some((s) => s.unreachable > 0)
  }

  anyFailed(): boolean {
    return [...this.byHost.values()].some((s) => s.failed > 0)
  }
}
