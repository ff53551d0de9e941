/** The default reporter: what ansible-playbook prints, line for line (reference §6). */
import { basename } from 'node:path'
import type { ModuleResult } from '../module/types.js'
import { banner } from './banner.js'
import { COLORS, type Colorize } from './color.js'
import type { HostStatus, Reporter, RunEvent } from './events.js'
import { formatDiff } from './diff.js'
import { recapLines } from './recap.js'
import { censored, cleanForDisplay, dumpResult } from './result-format.js'

export interface TextOutput {
  write(text: string): void
  columns?: number
}

export interface DefaultReporterOptions {
  verbosity: number
  colorize: Colorize
  /** `--diff`: changed results show their diff before the result line. */
  diff?: boolean
  /** The ansible.cfg in use (null: none), announced at -v as Ansible does. */
  configFile?: string | null
  /** Where `[WARNING]:` lines go (stderr, as Ansible's display.warning); without it warnings are dropped. */
  warn?: (message: string) => void
}

const WORDS: Record<HostStatus, [string, string]> = {
  ok: ['ok', COLORS.ok],
  changed: ['changed', COLORS.changed],
  skipped: ['skipping', COLORS.skip],
  failed: ['failed', COLORS.error],
  unreachable: ['fatal', COLORS.unreachable],
}

/** Failure lines do not repeat `"failed": true` (register keeps it). */
function withoutFailed(result: ModuleResult): ModuleResult {
  const { failed: _failed, ...shown } = result
  void _failed
  return shown
}

/** Success and skip lines do not repeat `"skipped": true` or `"failed": false` either. */
function withoutStatus(result: ModuleResult): ModuleResult {
  const { skipped: _skipped, ...shown } = result
  void _skipped
  return shown.failed === false ? withoutFailed(shown) : shown
}

// The setup module marks its result `_ansible_verbose_override`: facts are never dumped at -v.
const FACT_ACTIONS = new Set(['setup', 'gather_facts', 'ansible.builtin.setup', 'ansible.builtin.gather_facts'])

function hostLabel(host: string, delegatedTo?: string, address?: string): string {
  if (!delegatedTo || delegatedTo === host) return host
  return `${host} -> ${delegatedTo}${address && address !== delegatedTo ? `(${address})` : ''}`
}

export class DefaultReporter implements Reporter {
  private announced = false
  private readonly warned = new Set<string>()
  constructor(
    private readonly out: TextOutput,
    private readonly options: DefaultReporterOptions,
  ) {}

  /** Below -v an ok or changed line shows no fields, except for modules that ask (debug), and they have no after-probe. */
  get readsResultFields(): boolean {
    return this.options.verbosity > 0
  }

  private line(text: string, color?: string): void {
    this.out.write(this.options.colorize(text, color) + '\n')
  }

  /** Ansible's display.warning: each distinct message once per run. */
  private warning(message: string): void {
    if (this.warned.has(message)) return
    this.warned.add(message)
    this.options.warn?.(message)
  }

  /** Ansible's `_handle_warnings`: a result's `warnings` are printed as warnings and no longer shown in its JSON. */
  private takeWarnings(result: ModuleResult): ModuleResult {
    if (!Array.isArray(result.warnings)) return result
    const { warnings, ...rest } = result
    for (const w of warnings as unknown[]) this.warning(String(w))
    return rest
  }

  private json(result: Record<string, unknown>, action: string, noLog?: boolean): string {
    return dumpResult(noLog ? censored(result) : cleanForDisplay(result, action), this.options.verbosity)
  }

  /** Ansible's v2_on_file_diff: each changed loop item's diff, or the result's. */
  private diff(result: ModuleResult, loop: boolean): void {
    const sources = loop && Array.isArray(result.results) ? (result.results as ModuleResult[]) : [result]
    for (const source of sources) {
      if (!source || !source.diff || !source.changed) continue
      if (Array.isArray(source.diff) && source.diff.length === 0) continue
      const text = formatDiff(source.diff, this.options.colorize)
      if (text) this.out.write(text.endsWith('\n') ? text : text + '\n')
    }
  }

  /** Ansible's `_run_is_verbose`: -v or a result that asks for it, unless it opts out (facts gathering). */
  private verbose(result: ModuleResult, action: string): boolean {
    if ('_ansible_verbose_override' in result || FACT_ACTIONS.has(action)) return false
    return this.options.verbosity > 0 || Boolean(result._ansible_verbose_always)
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'play_start':
        this.line(banner(`PLAY [${event.name}]`, this.out.columns))
        return
      case 'no_more_hosts':
        this.line(banner('NO MORE HOSTS LEFT', this.out.columns))
        return
      case 'no_hosts_matched':
        this.line('skipping: no hosts matched', COLORS.skip)
        return
      case 'task_start':
        this.line(banner(event.task.handler ? `RUNNING HANDLER [${event.task.name}]` : `TASK [${event.task.name}]`, this.out.columns))
        if (this.options.verbosity >= 2 && event.task.file) this.line(`task path: ${event.task.file}${event.task.line ? `:${event.task.line}` : ''}`)
        return
      case 'retry':
        this.line(`FAILED - RETRYING: [${event.host}]: ${event.task.name} (${event.retriesLeft} retries left).`, COLORS.debug)
        return
      case 'warning':
        this.warning(event.message)
        return
      case 'display':
        this.line(event.text)
        return
      case 'included':
        this.line(`included: ${event.file} for ${event.hosts.join(', ')}${event.label === undefined ? '' : ` => (item=${event.label})`}`, COLORS.skip)
        return
      case 'item_result': {
        const label = event.noLog ? 'None' : event.label
        const who = hostLabel(event.host, event.delegatedTo, event.delegatedAddress)
        const [word, color] = WORDS[event.status]
        if (event.status === 'failed' || event.status === 'unreachable') {
          const result = event.noLog ? event.result : this.takeWarnings(event.result)
          this.line(`${event.status === 'failed' ? 'failed' : 'fatal'}: [${who}] (item=${label}) => ${this.json(withoutFailed(result), event.task.action, event.noLog)}`, color)
          return
        }
        const trailer = event.status === 'skipped' ? ' ' : ''
        const shown = this.verbose(event.result, event.task.action) ? ` => ${this.json(withoutStatus(event.result), event.task.action, event.noLog)}` : ''
        this.line(`${word}: [${who}] => (item=${label})${trailer}${shown}`, color)
        return
      }
      case 'host_result': {
        const { status } = event
        const result = event.noLog || status === 'skipped' || status === 'unreachable' ? event.result : this.takeWarnings(event.result)
        const who = hostLabel(event.host, event.delegatedTo, event.delegatedAddress)
        if (this.options.diff && status !== 'failed' && status !== 'unreachable') this.diff(result, Boolean(event.loop))
        if (event.loop && Array.isArray(result.results)) {
          // Items were printed one by one; Ansible adds a line only for a loop that was skipped.
          if (status === 'skipped') {
            const { results: _results, ...rest } = result
            void _results
            this.line(`skipping: [${who}]${this.verbose(result, event.task.action) ? ` => ${this.json(withoutStatus(rest), event.task.action, event.noLog)}` : ''}`, COLORS.skip)
          }
          if (event.ignored) this.line('...ignoring', COLORS.skip)
          return
        }
        if (status === 'unreachable' || status === 'failed') {
          this.line(`fatal: [${who}]: ${status === 'failed' ? 'FAILED!' : 'UNREACHABLE!'} => ${this.json(withoutFailed(result), event.task.action, event.noLog)}`, WORDS[status][1])
          if (event.ignored) this.line('...ignoring', COLORS.skip)
          return
        }
        const [word, color] = WORDS[status]
        this.line(`${word}: [${who}]${this.verbose(result, event.task.action) ? ` => ${this.json(withoutStatus(result), event.task.action, event.noLog)}` : ''}`, color)
        return
      }
      case 'recap':
        this.line(banner('PLAY RECAP', this.out.columns))
        for (const line of recapLines(event.stats, this.options.colorize)) this.line(line)
        this.line('')
        return
      case 'playbook_start':
        if (this.options.verbosity > 0 && this.options.configFile !== undefined && !this.announced) {
          this.announced = true
          this.line(this.options.configFile === null ? 'No config file found; using defaults' : `Using ${this.options.configFile} as config file`)
        }
        if (this.options.verbosity >= 2) {
          this.line(banner(`PLAYBOOK: ${basename(event.file)}`, this.out.columns))
          if (event.plays !== undefined) this.line(`${event.plays} plays in ${event.file}`)
        }
        return
      case 'run_end':
        return
    }
  }
}
