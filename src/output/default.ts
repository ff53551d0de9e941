/** The default reporter: what ansible-playbook prints, line for line (reference §6). */
import { banner } from './banner.js'
import { COLORS, type Colorize } from './color.js'
import type { HostStatus, Reporter, RunEvent } from './events.js'
import { recapLines } from './recap.js'
import { censored, cleanForDisplay, dumpResult } from './result-format.js'

export interface TextOutput {
  write(text: string): void
  columns?: number
}

export interface DefaultReporterOptions {
  verbosity: number
  colorize: Colorize
}

const WORDS: Record<HostStatus, [string, string]> = {
  ok: ['ok', COLORS.ok],
  changed: ['changed', COLORS.changed],
  skipped: ['skipping', COLORS.skip],
  failed: ['failed', COLORS.error],
  unreachable: ['fatal', COLORS.unreachable],
}

function hostLabel(host: string, delegatedTo?: string): string {
  return delegatedTo && delegatedTo !== host ? `${host} -> ${delegatedTo}` : host
}

export class DefaultReporter implements Reporter {
  constructor(
    private readonly out: TextOutput,
    private readonly options: DefaultReporterOptions,
  ) {}

  private line(text: string, color?: string): void {
    this.out.write(this.options.colorize(text, color) + '\n')
  }

  private json(result: Record<string, unknown>, action: string, noLog?: boolean): string {
    return dumpResult(noLog ? censored(result) : cleanForDisplay(result, action), this.options.verbosity)
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
        this.line(banner(event.task.handler ? `RUNNING HANDLER [${event.task.name}]` : `TASK [${event.task.name}]`, this.out.columns))
        return
      case 'retry':
        this.line(`FAILED - RETRYING: [${event.host}]: ${event.task.name} (${event.retriesLeft} retries left).`, COLORS.debug)
        return
      case 'warning':
        return
      case 'included':
        this.line(`included: ${event.file} for ${event.hosts.join(', ')}${event.label === undefined ? '' : ` => (item=${event.label})`}`, COLORS.skip)
        return
      case 'item_result': {
        const label = event.noLog ? 'None' : event.label
        const who = hostLabel(event.host, event.delegatedTo)
        const [word, color] = WORDS[event.status]
        if (event.status === 'failed' || event.status === 'unreachable') {
          this.line(`${event.status === 'failed' ? 'failed' : 'fatal'}: [${who}] (item=${label}) => ${this.json(event.result, event.task.action, event.noLog)}`, color)
          return
        }
        const showResult = verbosity > 0 || Boolean(event.result._ansible_verbose_always)
        const trailer = event.status === 'skipped' ? ' ' : ''
        this.line(`${word}: [${who}] => (item=${label})${showResult ? ` => ${this.json(event.result, event.task.action, event.noLog)}` : trailer}`, color)
        return
      }
      case 'host_result': {
        const { result, status } = event
        const who = hostLabel(event.host, event.delegatedTo)
        if (event.loop && Array.isArray(result.results)) {
          // Items were printed one by one; Ansible adds a line only for a loop that was skipped.
          if (status === 'skipped') this.line(`skipping: [${who}]`, COLORS.skip)
          if (event.ignored) this.line('...ignoring', COLORS.skip)
          return
        }
        if (status === 'unreachable' || status === 'failed') {
          // The fatal line does not repeat `"failed": true`; register keeps it.
          const { failed: _failed, ...shown } = result
          void _failed
          this.line(`fatal: [${who}]: ${status === 'failed' ? 'FAILED!' : 'UNREACHABLE!'} => ${this.json(shown, event.task.action, event.noLog)}`, WORDS[status][1])
          if (event.ignored) this.line('...ignoring', COLORS.skip)
          return
        }
        const [word, color] = WORDS[status]
        const showResult = verbosity > 0 || Boolean(result._ansible_verbose_always)
        this.line(`${word}: [${who}]${showResult ? ` => ${this.json(result, event.task.action, event.noLog)}` : ''}`, color)
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
