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
  | { type: 'playbook_start'; file: string }
  | { type: 'play_start'; name: string; pattern: string; hosts: string[] }
  | { type: 'no_hosts_matched' }
  | { type: 'task_start'; task: TaskRef }
  /** One loop item's result; the task's host_result follows with the aggregate. */
  | { type: 'item_result'; host: string; task: TaskRef; status: HostStatus; result: ModuleResult; label: string; delegatedTo?: string; noLog: boolean }
  | { type: 'host_result'; host: string; task: TaskRef; status: HostStatus; result: ModuleResult; ignored: boolean; loop?: boolean; delegatedTo?: string; noLog?: boolean }
  /** A dynamic include resolved to a file for these hosts (`included: FILE for h1, h2`). */
  | { type: 'included'; file: string; hosts: string[]; task: TaskRef; label?: string }
  | { type: 'retry'; host: string; task: TaskRef; retriesLeft: number; result: ModuleResult }
  | { type: 'warning'; message: string }
  | { type: 'recap'; stats: Record<string, HostStats> }

export interface Reporter {
  handle(event: RunEvent): void
}

/** Fans one event stream out to several reporters (text on the terminal, JSON to a file, …). */
export class ReporterGroup implements Reporter {
  constructor(private readonly reporters: Reporter[]) {}
  handle(event: RunEvent): void {
    for (const reporter of this.reporters) reporter.handle(event)
  }
}
