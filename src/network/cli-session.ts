/**
 * One interactive CLI on a device, as a person drives it: send a line, wait for the prompt,
 * answer the pager and any questions on the way, and judge the response by the platform's error
 * markers. One command at a time; a timeout leaves the session unusable (`broken`).
 */
import { CliCommandError, CliTimeoutError, EnableError } from './errors.js'
import type { Platform } from './platform.js'
import { cleanScreen, compilePatterns, endsWithPrompt, findError, lastLine, responseText, type PlatformPatterns } from './screen.js'

/** The shell channel (with a PTY) the session talks over. */
export interface TerminalStream {
  write(text: string): void
  onData(listener: (chunk: Buffer) => void): void
  onClose(listener: () => void): void
  close(): void
}

/** A question the device may ask mid-command, and what to type. */
export interface Answer {
  pattern: RegExp
  answer: string
  /** Type Enter after the answer (cli_command's `newline`). */
  newline: boolean
}

export interface SendOptions {
  answers?: Answer[]
  /** Fail when the response carries an error marker (default true). */
  checkErrors?: boolean
  /** Leave the echoed command and the prompt out of what is returned (default true). */
  trimmed?: boolean
}

/** What the session needs to hear the device: every chunk, until a listener has what it waits for. */
type Waiter = (screen: string) => boolean

export class CliSession {
  private raw = ''
  private waiter: Waiter | undefined
  private closed = false
  private pagerAnsweredAt = -1
  private readonly patterns: PlatformPatterns
  /** Set after a timeout or a failed enable: the device is in an unknown state. */
  broken = false
  /** The device's last prompt (`R1#`). */
  prompt = ''
  /** Commands sent: each is one exchange with the device. */
  commands = 0

  constructor(
    private readonly stream: TerminalStream,
    readonly platform: Platform,
    private readonly timeoutSeconds: number,
  ) {
    this.patterns = compilePatterns(platform)
    stream.onData((chunk) => {
      this.raw += chunk.toString('utf8')
      this.waiter?.(cleanScreen(this.raw))
    })
    stream.onClose(() => {
      this.closed = true
      this.waiter?.(cleanScreen(this.raw))
    })
  }

  get privileged(): boolean {
    return this.patterns.privileged?.test(this.prompt) ?? false
  }

  /** Waits for the login prompt, then sets the terminal up; a device that refuses the setup still works. */
  async open(): Promise<void> {
    await this.exchange(undefined, {})
    for (const command of this.platform.onOpen) await this.send(command, { checkErrors: false })
  }

  /** Sends one command line and returns the device's response (without the echo and the prompt). */
  async send(command: string, options: SendOptions = {}): Promise<string> {
    const screen = await this.exchange(command, { answers: options.answers })
    const response = responseText(screen, command, this.patterns.pager)
    if (options.checkErrors !== false && findError(response, this.patterns)) throw new CliCommandError(command, response)
    return options.trimmed === false ? screen : response
  }

  /** Enters privileged mode with the enable password; fails (and breaks the session) on a refusal. */
  async enable(password: string | undefined): Promise<void> {
    const enable = this.platform.enable
    if (!enable || this.privileged) return
    let asked = 0
    const answers: Answer[] = [{ pattern: this.patterns.passwordPrompt!, answer: password ?? '', newline: true }]
    const screen = await this.exchange(enable.command, {
      answers,
      // A second password prompt means the first answer was refused: stop before the device locks us out.
      onAnswer: () => ++asked > 1,
    }).catch((error: unknown) => {
      if (error instanceof RefusedError) {
        this.broken = true
        throw new EnableError(password === undefined ? 'the device asks for an enable password and none is set (ansible_become_password)' : 'wrong password')
      }
      throw error
    })
    if (!this.privileged) {
      this.broken = true
      const said = responseText(screen, enable.command, this.patterns.pager).split('\n').find((l) => l.trim().startsWith('%'))
      throw new EnableError(said?.trim() ?? `still at the unprivileged prompt ${this.prompt}`)
    }
  }

  async disable(): Promise<void> {
    if (this.platform.enable && this.privileged) await this.send(this.platform.enable.disable, { checkErrors: false })
  }

  close(): void {
    this.closed = true
    this.stream.close()
  }

  /**
   * Sends the line (when there is one) and collects the screen until a prompt ends it, answering
   * the pager and the given questions. Rejects on timeout or when the channel closes.
   */
  private exchange(command: string | undefined, options: { answers?: Answer[]; onAnswer?: () => boolean }): Promise<string> {
    if (this.closed) return Promise.reject(new CliTimeoutError(0, command, 'the session was closed'))
    // Each command's screen starts empty; the first prompt may already be waiting in what arrived at login.
    if (command !== undefined) {
      this.raw = ''
      this.pagerAnsweredAt = -1
    }
    const start = 0
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined
        this.broken = true
        reject(new CliTimeoutError(this.timeoutSeconds, command, cleanScreen(this.raw.slice(start))))
      }, this.timeoutSeconds * 1000)
      let answeredAt = -1
      this.waiter = () => {
        const screen = cleanScreen(this.raw.slice(start))
        const line = lastLine(screen)
        const done = (error?: Error): true => {
          clearTimeout(timer)
          this.waiter = undefined
          if (error) reject(error)
          else resolve(screen)
          return true
        }
        if (this.closed) return done(new CliTimeoutError(0, command, `${screen} (the device closed the session)`))
        if (this.patterns.pager.test(line) && this.pagerAnsweredAt !== this.raw.length) {
          this.pagerAnsweredAt = this.raw.length
          this.stream.write(this.platform.pager.answer)
          return false
        }
        for (const answer of options.answers ?? []) {
          if (answeredAt === this.raw.length || !answer.pattern.test(line)) continue
          answeredAt = this.raw.length
          if (options.onAnswer?.()) return done(new RefusedError())
          this.stream.write(answer.newline ? `${answer.answer}\r` : answer.answer)
          return false
        }
        const prompt = endsWithPrompt(screen, this.patterns)
        // The echo of our own line is not the prompt: wait for output after it.
        if (prompt !== undefined && (command === undefined || screen.includes('\n'))) {
          this.prompt = prompt
          return done()
        }
        return false
      }
      if (command !== undefined) {
        this.commands++
        this.stream.write(`${command}\r`)
      } else this.waiter(cleanScreen(this.raw))
    })
  }
}

/** The device asked for the password again: internal to enable. */
class RefusedError extends Error {}
