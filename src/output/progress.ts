/**
 * On a terminal, a task that has been running for more than 2 s shows which hosts it is still
 * waiting on: one status line, rewritten in place and erased before anything else is printed.
 */
import type { TextOutput } from './default.js'
import type { Reporter, RunEvent } from './events.js'

const ERASE = '\r\u001b[K'

export class StatusLine {
  private shown = false
  constructor(private readonly out: TextOutput) {}

  show(text: string): void {
    const width = Math.max(10, (this.out.columns ?? 80) - 1)
    this.out.write(ERASE + (text.length > width ? text.slice(0, width - 1) + '…' : text))
    this.shown = true
  }

  clear(): void {
    if (!this.shown) return
    this.out.write(ERASE)
    this.shown = false
  }
}

/** The text output, with the status line erased before each write. */
export function belowStatus(out: TextOutput, status: StatusLine): TextOutput {
  return {
    columns: out.columns,
    write(text) {
      status.clear()
      out.write(text)
    },
  }
}

export interface ProgressTimer {
  now(): number
  every(ms: number, tick: () => void): () => void
}

const realTimer: ProgressTimer = {
  now: () => Date.now(),
  every(ms, tick) {
    const id = setInterval(tick, ms)
    // Progress must never keep a finished run alive.
    id.unref()
    return () => clearInterval(id)
  },
}

export class ProgressReporter implements Reporter {
  readonly readsResultFields = false
  private playHosts: string[] = []
  /** Hosts out of the play: their failure was not ignored. */
  private readonly gone = new Set<string>()
  private pending = new Set<string>()
  private started = 0
  private stop: (() => void) | undefined

  constructor(
    private readonly status: StatusLine,
    private readonly delayMs = 2000,
    private readonly timer: ProgressTimer = realTimer,
  ) {}

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'play_start':
        this.playHosts = event.hosts
        return
      case 'task_start':
        this.pending = new Set((event.hosts ?? this.playHosts).filter((h) => !this.gone.has(h)))
        this.started = this.timer.now()
        this.stop ??= this.timer.every(500, () => this.tick())
        return
      case 'host_result':
        this.pending.delete(event.host)
        if ((event.status === 'failed' || event.status === 'unreachable') && !event.ignored) this.gone.add(event.host)
        if (this.pending.size === 0) this.status.clear()
        return
      case 'recap':
      case 'run_end':
        this.pending.clear()
        this.stop?.()
        this.stop = undefined
        this.status.clear()
        return
      default:
        return
    }
  }

  private tick(): void {
    const elapsed = this.timer.now() - this.started
    if (this.pending.size === 0 || elapsed < this.delayMs) return
    this.status.show(`waiting on ${[...this.pending].join(', ')} (${Math.floor(elapsed / 1000)}s)`)
  }
}
