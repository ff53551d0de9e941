/** The default reporter: what ansible-playbook prints, line for line (reference §6). */
import { banner } from './banner.js'
import { COLORS, type Colorize } from './color.js'
import type { HostStatus, Reporter, RunEvent } from './events.js'
import { recapLines } from './recap.js'
import { dumpResult } from './result-format.js'

export interface TextOutput {
  write(text: string): void
  columns?: number
}

export interface DefaultReporterOptions {
  verbosity: number
  colorize: Colorize
}

const STATUS_WORDS: Record<Exclude<HostStatus, 'failed' | 'unreachable'>, [string, string]> = {
  ok: ['ok', COLORS.ok],
  changed: ['changed', COLORS.changed],
  skipped: ['skipping', COLORS.skip],
}

export class DefaultReporter implements Reporter {
  constructor(
    private readonly out: TextOutput,
    private readonly options: DefaultReporterOptions,
  ) {}

  private line(text: string, color?: string): void {
    this.out.write(this.options.colorize(text, color) + '\n')
  }

  handle(event: RunEvent): void {
    const { verbosity } = this.options
    switch (event.type) {
      case 'play_start':
        this.line(banner(`PLAY [${event.name}]`, this.out.columns))
        return
      case 'no_hosts_matched':
        this.line('skipping: no hosts matched', COLORS.skip)
        return
      case 'task_start':
        this.line(banner(`TASK [${event.task.name}]`, this.out.columns))
        return
      case 'host_result': {
        const { host, result, status } = event
        if (status === 'unreachable') {
          this.line(`fatal: [${host}]: UNREACHABLE! => ${dumpResult(result, verbosity)}`, COLORS.unreachable)
          if (event.ignored) this.line('...ignoring', COLORS.skip)
          return
        }
        if (status === 'failed') {
          this.line(`fatal: [${host}]: FAILED! => ${dumpResult(result, verbosity)}`, COLORS.error)
          if (event.ignored) this.line('...ignoring', COLORS.skip)
          return
        }
        const [word, color] = STATUS_WORDS[status]
        const showResult = verbosity > 0 || Boolean(result._ansible_verbose_always)
        this.line(`${word}: [${host}]${showResult ? ` => ${dumpResult(result, verbosity)}` : ''}`, color)
        return
      }
      case 'recap':
        this.line(banner('PLAY RECAP', this.out.columns))
        for (const line of recapLines(event.stats, this.options.colorize)) this.line(line)
        this.line('')
        return
      case 'playbook_start':
        return
    }
  }
}
