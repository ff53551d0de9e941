/**
 * A persistent remote `sh` that runs commands as frames: one write and one read per command
 * instead of a channel open and exec. Each frame runs the command in a subshell (so `exit`, `cd`
 * or a syntax error cannot harm the session) with stdin from /dev/null unless the frame carries
 * input, then prints a per-frame random marker with `$?` on stdout and the same marker on stderr.
 * drover's own probes may skip the subshell (see inlineCommand): a fork costs the host ~1 ms.
 */
import { randomBytes } from 'node:crypto'
import type { Readable } from 'node:stream'
import { ConnectionError } from '../errors.js'
import { quote } from '../module/shell.js'
import { MarkerReader } from './marker-reader.js'
import type { ExecOptions, ExecResult } from './types.js'

export interface ShellStreams {
  write(data: string): void
  stdout: Readable
  stderr: Readable
  /** Called once when the shell process or channel is gone. */
  onClose(listener: () => void): void
  close(): void
  /**
   * Sends a harmless packet to the host. sshd leaves Nagle's algorithm on for sessions without a
   * pty, so a small write (a frame's marker) waits for the ACK of the previous one, and the
   * controller's kernel delays that ACK ~40 ms; any packet from us carries the ACK at once.
   */
  nudge?(): void
}

interface OpenShell {
  streams: ShellStreams
  stdout: MarkerReader
  stderr: MarkerReader
  closed: boolean
  fail?: (error: Error) => void
  /** A frame is waiting for its markers. */
  waiting: boolean
  nudge?: NodeJS.Timeout
  /** SHELL_PROLOGUE went out with the first frame. */
  prepared: boolean
}

/** How long a frame's output may pause before we send the host an ACK-carrying nudge. */
const NUDGE_DELAY_MS = 1

/**
 * Run once per shell, outside any frame's subshell, so every later frame inherits it: the host's
 * constants that probes would otherwise fork for on every task. `drover_id` is `id`'s output for
 * the shell's user as far as hostEnv in src/module/file-facts.ts reads it: `uid=N(name) gid=N(name)`
 * (hostProbe falls back to running `id` where it is unset, e.g. on exec channels).
 *
 * Starting `id` costs a host ~5 ms of CPU, as much as the rest of an unchanged task, so the ids
 * come from /proc/self/status (effective ids: the ones new files get) and the names from
 * /etc/passwd and /etc/group, with `read` loops that run in the shell itself. Hosts without
 * /proc, and users or groups known only to NSS (LDAP, sssd), still get `id`.
 */
export const SHELL_PROLOGUE = [
  'drover_id= drover_u= drover_g= drover_un= drover_gn=',
  'if [ -r /proc/self/status ]; then while read -r drover_k drover_r drover_e drover_x; do case $drover_k in Uid:) drover_u=$drover_e ;; Gid:) drover_g=$drover_e; break ;; esac; done < /proc/self/status; fi',
  'if [ -n "$drover_u" ] && [ -n "$drover_g" ] && [ -r /etc/passwd ] && [ -r /etc/group ]; then',
  'while IFS=: read -r drover_k drover_x drover_e drover_x; do if [ "$drover_e" = "$drover_u" ]; then drover_un=$drover_k; break; fi; done < /etc/passwd',
  'while IFS=: read -r drover_k drover_x drover_e drover_x; do if [ "$drover_e" = "$drover_g" ]; then drover_gn=$drover_k; break; fi; done < /etc/group',
  'fi',
  'if [ -n "$drover_un" ] && [ -n "$drover_gn" ]; then drover_id="uid=$drover_u($drover_un) gid=$drover_g($drover_gn)"; else drover_id=$(LC_ALL=C id 2>/dev/null); fi',
  'unset drover_u drover_g drover_un drover_gn drover_k drover_r drover_e drover_x',
  '',
].join('\n')

/**
 * Random per controller process, so no user command can start with it by accident or on purpose.
 * It is a comment-like no-op line, so where it is not recognised (a wrapper put text before it,
 * e.g. the task's `environment:` exports) the command still runs, in a subshell as any other.
 */
const INLINE_MARK = `: drover-inline-${randomBytes(12).toString('hex')}\n`

/**
 * Marks shell text that may run in the session shell itself instead of a subshell. Only for text
 * drover generated whole from quoted data that never calls `exit`, `cd`, `exec`, `umask`, `trap`,
 * reads stdin, defines anything but `drover_*` variables, or uses `set` other than to turn
 * noclobber on for one redirection and off again on every path (a write step's temp file): it all
 * stays in the session. A syntax or expansion error cannot end the shell (`command eval` keeps it
 * alive).
 */
export function inlineCommand(command: string): string {
  return `${INLINE_MARK}${command}`
}

export class ShellSession {
  private shell: Promise<OpenShell> | undefined
  private queue: Promise<unknown> = Promise.resolve()
  private readonly runNonce = randomBytes(12).toString('hex')
  private frameCount = 0
  private restarts = 0
  /** Frames sent so far: one per command round trip. */
  get frames(): number {
    return this.frameCount
  }

  constructor(
    private readonly host: string,
    private readonly open: () => Promise<ShellStreams>,
  ) {}

  run(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const next = this.queue.then(() => this.runFrame(command, options))
    this.queue = next.catch(() => undefined)
    return next
  }

  close(): void {
    void this.shell?.then((s) => s.streams.close(), () => undefined)
    this.shell = undefined
  }

  private start(): Promise<OpenShell> {
    const opening = this.open().then((streams) => {
      const shell: OpenShell = { streams, stdout: new MarkerReader(), stderr: new MarkerReader(), closed: false, waiting: false, prepared: false }
      // One nudge per stall, not per chunk: while we wait, sshd gathers what Nagle holds back and
      // one ACK releases all of it. A nudge per chunk cost ~8 extra packets per probe frame.
      const nudge = () => {
        if (!streams.nudge || shell.nudge) return
        shell.nudge = setTimeout(() => {
          shell.nudge = undefined
          if (shell.waiting && !shell.closed) streams.nudge!()
        }, NUDGE_DELAY_MS)
      }
      streams.stdout.on('data', (chunk: Buffer) => {
        shell.stdout.push(chunk)
        nudge()
      })
      streams.stderr.on('data', (chunk: Buffer) => {
        shell.stderr.push(chunk)
        nudge()
      })
      streams.onClose(() => {
        shell.closed = true
        shell.fail?.(new ConnectionError(this.host, 'the remote shell exited while a command was running'))
      })
      return shell
    })
    opening.catch(() => undefined)
    return opening
  }

  private async current(): Promise<OpenShell> {
    if (this.shell) {
      const shell = await this.shell
      if (!shell.closed) return shell
      // A shell that died is restarted once; after that the host is treated as gone.
      if (this.restarts >= 1) throw new ConnectionError(this.host, 'the remote shell exited and could not be kept running')
      this.restarts++
    }
    this.shell = this.start()
    return this.shell
  }

  private async runFrame(command: string, options: ExecOptions): Promise<ExecResult> {
    const shell = await this.current()
    const nonce = `${this.runNonce}${(this.frameCount++).toString(16).padStart(8, '0')}`
    const stdoutFrame = shell.stdout.expect(`${nonce}:`)
    const stderrFrame = shell.stderr.expect(nonce)
    const failed = new Promise<never>((_, reject) => {
      shell.fail = reject
    })
    shell.waiting = true
    const prologue = shell.prepared ? '' : SHELL_PROLOGUE
    shell.prepared = true
    const inline = command.startsWith(INLINE_MARK)
    const body = inline ? command.slice(INLINE_MARK.length) : command
    shell.streams.write(prologue + frameScript(body, nonce, options.stdin, inline))
    try {
      const [out, err] = await Promise.race([Promise.all([stdoutFrame, stderrFrame]), failed])
      const rc = Number.parseInt(out.trailer.toString('latin1'), 10)
      return { rc: Number.isNaN(rc) ? 255 : rc, stdout: out.output, stderr: err.output }
    } finally {
      shell.fail = undefined
      shell.waiting = false
      clearTimeout(shell.nudge)
      shell.nudge = undefined
    }
  }
}

/** The line that ends every frame: the marker and `$?` on stdout, the marker on stderr. */
export function frameEnd(nonce: string): string {
  return `printf '%s:%d\\n' ${quote(nonce)} "$?"; printf '%s\\n' ${quote(nonce)} >&2\n`
}

/**
 * The text written to the shell for one command. `inline` runs it in the session shell: POSIX
 * lets a non-interactive shell exit on an error in the special built-in `eval`, and `command`
 * takes that away (dash and bash both keep running after a syntax error in `command eval`).
 */
export function frameScript(command: string, nonce: string, stdin?: Buffer | string, inline = false): string {
  const end = frameEnd(nonce)
  if (stdin === undefined || stdin.length === 0) {
    return inline ? `{ command eval ${quote(command)}; } </dev/null\n${end}` : `( eval ${quote(command)} ) </dev/null\n${end}`
  }
  // Input travels inside the frame as base64 in a here-document, decoded on the host into the command.
  const encoded = Buffer.from(stdin).toString('base64').replace(/(.{76})/g, '$1\n')
  return `base64 -d <<'${nonce}_IN' | ( eval ${quote(command)} )\n${encoded}\n${nonce}_IN\n${end}`
}
