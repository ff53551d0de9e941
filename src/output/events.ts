/**
 * The typed event log of a run. The executor emits these; reporters (text, JSON lines, JUnit)
 * subscribe. Nothing else is printed by the executor.
 */
import type { ModuleResult } from '../module/types.js'

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable'

export interface HostStats {
  ok: number
  changed: number
  unreachable: number
  failed: number
  skipped: number
  rescued: number
  ignored: number
}

export interface TaskRef {
  name: string
  action: string
  file?: string
  line?: number
  handler?: boolean
}

export type RunEvent =
  /** `plays`: how many plays the file has (printed at -vv), when the executor knows it. */
  | { type: 'playbook_start'; file: string; plays?: number }
  | { type: 'play_start'; name: string; pattern: string; hosts: string[] }
  | { type: 'no_hosts_matched' }
  /** Every host of the batch failed (or any_errors_fatal aborted): the run stops here. */
  | { type: 'no_more_hosts' }
  /** `hosts`: the hosts the task will run on, when the executor knows them (progress uses it). */
  | { type: 'task_start'; task: TaskRef; hosts?: string[] }
  /** One loop item's result; the task's host_result follows with the aggregate. */
  | { type: 'item_result'; host: string; task: TaskRef; status: HostStatus; result: ModuleResult; label: string; delegatedTo?: string; delegatedAddress?: string; noLog: boolean }
  /** `delegatedAddress`: the delegate's ansible_host, shown as `[h -> d(addr)]` when it differs from its name. */
  | { type: 'host_result'; host: string; task: TaskRef; status: HostStatus; result: ModuleResult; ignored: boolean; loop?: boolean; delegatedTo?: string; delegatedAddress?: string; noLog?: boolean }
  /** A dynamic include resolved to a file for these hosts (`included: FILE for h1, h2`). */
  | { type: 'included'; file: string; hosts: string[]; task: TaskRef; label?: string }
  | { type: 'retry'; host: string; task: TaskRef; retriesLeft: number; result: ModuleResult }
  | { type: 'warning'; message: string }
  /** A line a module shows the operator while it runs (pause's countdown and prompt), on stdout as Ansible's display. */
  | { type: 'display'; text: string }
  | { type: 'recap'; stats: Record<string, HostStats> }
  /** Emitted by the CLI once the run is over (interrupted, failed or not). */
  | { type: 'run_end'; exitCode: number; durationMs: number; interrupted: boolean }

export interface Reporter {
  handle(event: RunEvent): void
  /**
   * false: shows or records only the status of an ok or changed result, never its fields (the text
   * reporter below -v, progress, annotations). When no reporter reads them and the task registers
   * nothing, a module may leave out work that only fills them in. Absent: it reads them.
   */
  readonly readsResultFields?: boolean
}

/** Fans one event stream out to several reporters (text on the terminal, JSON to a file, …). */
export class ReporterGroup implements Reporter {
  constructor(private readonly reporters: Reporter[]) {}
  get readsResultFields(): boolean {
    return this.reporters.some((reporter) => reporter.readsResultFields !== false)
  }
  handle(event: RunEvent): void {
    for (const reporter of this.reporters) reporter.handle(event)
  }
}
