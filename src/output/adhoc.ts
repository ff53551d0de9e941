/** Ad hoc output: Ansible's `minimal` callback, or `oneline` with -o (reference §6.5). */
import { COLORS, type Colorize } from './color.js'
import type { Reporter, RunEvent } from './events.js'
import { dumpResult } from './result-format.js'
import type { TextOutput } from './default.js'

export interface AdHocReporterOptions {
  oneLine: boolean
  verbosity: number
  colorize: Colorize
  /** True when the module's output is command-like (command, shell, raw): `rc=N >>` layout. */
  commandOutput: boolean
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)
}

export class AdHocReporter implements Reporter {
  constructor(
    private readonly out: TextOutput,
    private readonly options: AdHocReporterOptions,
  ) {}

  private print(message: string, color: string): void {
    const body = message.endsWith('\n') ? message : message + '\n'
    this.out.write(this.options.colorize(body.slice(0, -1), color) + '\n')
  }

  handle(event: RunEvent): void {
    if (event.type !== 'host_result') return
    const { host, result, status } = event
    const { oneLine, verbosity, commandOutput } = this.options
    const rc = result.rc ?? -1
    if (status === 'unreachable') {
      this.print(oneLine ? `${host} | UNREACHABLE!: ${text(result.msg)}` : `${host} | UNREACHABLE! => ${dumpResult(result, verbosity, 4)}`, COLORS.unreachable)
      return
    }
    if (status === 'skipped') {
      this.print(`${host} | SKIPPED`, COLORS.skip)
      return
    }
    const failed = status === 'failed'
    const caption = failed ? 'FAILED' : status === 'changed' ? 'CHANGED' : 'SUCCESS'
    const color = failed ? COLORS.error : status === 'changed' ? COLORS.changed : COLORS.ok
    // Ansible's oneline callback prints failures as JSON even for command modules.
    if (commandOutput && result.module_stderr === undefined && !(oneLine && failed)) {
      if (oneLine) {
        const escape = (s: string) => s.replace(/\n/g, '\\n').replace(/\r/g, '\\r')
        const stderr = text(result.stderr)
        const tail = stderr ? ` (stderr) ${escape(stderr)}` : ''
        this.print(`${host} | ${caption} | rc=${rc} | (stdout) ${escape(text(result.stdout))}${tail}`, color)
      } else {
        this.print(`${host} | ${caption} | rc=${rc} >>\n${text(result.stdout)}${text(result.stderr)}${text(result.msg)}\n`, color)
      }
      return
    }
    const label = failed ? 'FAILED!' : caption
    const json = oneLine ? dumpResult(result, verbosity, 0).replace(/\n/g, '') : dumpResult(result, verbosity, 4)
    this.print(`${host} | ${label} => ${json}`, color)
  }
}
