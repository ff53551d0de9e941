/** `--summary FILE`: one JSON document at the end of the run (per-host counts, changes, failures). */
import type { HostStats, Reporter, RunEvent, TaskRef } from './events.js'
import { failureMessage } from './result-format.js'

export interface SummaryTask {
  host: string
  task: string
  play: string
  file?: string
  line?: number
}

export interface SummaryFailure extends SummaryTask {
  status: 'failed' | 'unreachable'
  message: string
}

export interface RunSummary {
  version: 1
  playbooks: string[]
  exitCode: number
  interrupted: boolean
  durationMs: number
  hosts: Record<string, HostStats>
  changed: SummaryTask[]
  failures: SummaryFailure[]
}

const ZERO: HostStats = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 }

export class SummaryReporter implements Reporter {
  readonly readsResultFields = false
  private readonly playbooks: string[] = []
  private play = ''
  private recap: Record<string, HostStats> | undefined
  /** Ad hoc runs have no recap event: counts are kept from the results. */
  private readonly counted: Record<string, HostStats> = {}
  private readonly changed: SummaryTask[] = []
  private readonly failures: SummaryFailure[] = []

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'playbook_start':
        this.playbooks.push(event.file)
        return
      case 'play_start':
        this.play = event.name
        return
      case 'recap':
        this.recap = event.stats
        return
      case 'host_result': {
        const where = this.where(event.host, event.task)
        const stats = (this.counted[event.host] ??= { ...ZERO })
        if (event.status === 'failed' || event.status === 'unreachable') {
          if (event.ignored) stats.ignored++
          else {
            stats[event.status]++
            this.failures.push({ ...where, status: event.status, message: failureMessage(event.result, event.noLog) })
          }
        } else if (event.status === 'skipped') stats.skipped++
        else stats.ok++
        if (event.result.changed && event.status !== 'failed' && event.status !== 'unreachable') {
          stats.changed++
          this.changed.push(where)
        }
        return
      }
      default:
        return
    }
  }

  private where(host: string, task: TaskRef): SummaryTask {
    return { host, task: task.name, play: this.play, ...(task.file ? { file: task.file } : {}), ...(task.line ? { line: task.line } : {}) }
  }

  summary(end: { exitCode: number; durationMs: number; interrupted: boolean }): RunSummary {
    return { version: 1, playbooks: this.playbooks, ...end, hosts: this.recap ?? this.counted, changed: this.changed, failures: this.failures }
  }
}
