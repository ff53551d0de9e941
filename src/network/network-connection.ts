/**
 * The network_cli transport: one ssh2 client per device, with one interactive shell (a PTY) at a
 * time on it. A session left in an unknown state (timeout, refused enable) is closed; the next
 * task opens a fresh shell on the same login. Devices have no POSIX shell, so `exec` refuses.
 */
import type { Client } from 'ssh2'
import { ConnectionError } from '../errors.js'
import type { Connection, ExecResult } from '../connection/types.js'
import { CliSession, type TerminalStream } from './cli-session.js'
import { TransportMismatchError } from './errors.js'
import type { Platform } from './platform.js'

const PTY = { term: 'vt100', cols: 512, rows: 24 }

export class NetworkCliConnection implements Connection {
  readonly transport = 'network_cli' as const
  private session: Promise<CliSession> | undefined
  private closedReason: string | undefined
  private finishedCommands = 0
  /** The open session, once it is ready: its commands count as round trips too. */
  private current: CliSession | undefined

  constructor(
    readonly host: string,
    private readonly client: Client,
    readonly platform: Platform,
    private readonly commandTimeoutSeconds: number,
  ) {
    client.on('close', () => {
      this.closedReason ??= 'Connection closed by remote host'
    })
  }

  get roundTrips(): number {
    return this.finishedCommands + (this.current?.commands ?? 0)
  }

  exec(): Promise<ExecResult> {
    return Promise.reject(
      new TransportMismatchError(`${this.host} is a network device (ansible_connection: network_cli): it has no shell to run this module in; use cli_command, cli_config or the platform's facts module`),
    )
  }

  /** The device's CLI, ready at a prompt: the open session, or a new one if the last was left broken. */
  async cli(): Promise<CliSession> {
    if (this.session) {
      const current = await this.session.catch(() => undefined)
      if (current && !current.broken) return current
      if (current) this.retire(current)
      this.session = undefined
    }
    if (this.closedReason) throw new ConnectionError(this.host, this.closedReason)
    this.session = this.openSession()
    return this.session
  }

  private retire(session: CliSession): void {
    if (this.current === session) this.current = undefined
    this.finishedCommands += session.commands
    session.close()
  }

  private openSession(): Promise<CliSession> {
    return new Promise((resolve, reject) => {
      this.client.shell(PTY, (error, channel) => {
        if (error) return reject(new ConnectionError(this.host, `Failed to open a shell on the device: ${error.message}`, 'E_CONNECTION', { cause: error }))
        const stream: TerminalStream = {
          write: (text) => void channel.write(text),
          onData: (listener) => {
            channel.on('data', listener)
            channel.stderr.on('data', listener)
          },
          onClose: (listener) => channel.once('close', listener),
          close: () => void channel.close(),
        }
        const session = new CliSession(stream, this.platform, this.commandTimeoutSeconds)
        session.open().then(() => {
          this.current = session
          resolve(session)
        }, (openError: unknown) => {
          session.close()
          reject(openError)
        })
      })
    })
  }

  async close(): Promise<void> {
    this.closedReason ??= 'Connection closed'
    const session = await this.session?.catch(() => undefined)
    if (session) this.retire(session)
    this.client.end()
  }
}
