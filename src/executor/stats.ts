/** Recap counting exactly as Ansible's strategy does (reference §6.3). */
import type { HostStats, HostStatus } from '../output/events.js'

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 }
}

export class RunStats {
  private readonly byHost = new Map<string, HostStats>()

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
