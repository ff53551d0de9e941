/**
 * On GitHub Actions, each failure also becomes an `::error file=…,line=…::` workflow command so the
 * run's page points at the task in the playbook. Written to stderr, which the runner also reads,
 * so that stdout stays exactly what ansible-playbook prints.
 */
import { relative } from 'node:path'
import type { Reporter, RunEvent } from './events.js'
import { failureMessage } from './result-format.js'

/** Workflow-command escaping: data and property values differ (properties also escape `:` and `,`). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

export class GitHubAnnotationReporter implements Reporter {
  readonly readsResultFields = false
  constructor(
    private readonly write: (line: string) => void,
    private readonly cwd: string,
  ) {}

  handle(event: RunEvent): void {
    if (event.type !== 'host_result' || event.ignored) return
    if (event.status !== 'failed' && event.status !== 'unreachable') return
    const properties: string[] = []
    if (event.task.file) properties.push(`file=${escapeProperty(relative(this.cwd, event.task.file) || event.task.file)}`)
    if (event.task.line) properties.push(`line=${event.task.line}`)
    properties.push(`title=${escapeProperty(`${event.task.name} [${event.host}]`)}`)
    const what = event.status === 'unreachable' ? 'UNREACHABLE' : 'FAILED'
    this.write(`::error ${properties.join(',')}::${escapeData(`${what}: [${event.host}] ${event.task.name}: ${failureMessage(event.result, event.noLog)}`)}\n`)
  }
}
