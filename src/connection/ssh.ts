/**
 * One ssh2 client per host for the whole run. Commands go through persistent shells on that client
 * (one per become user); a broken connection turns every pending and later command into a
 * ConnectionError (UNREACHABLE).
 */
import type { Readable } from 'node:stream'
import type { Client, SFTPWrapper } from 'ssh2'
import { ConnectionError } from '../errors.js'
import { connectHop } from './client-connect.js'
import type { ConnectCache } from './connect-cache.js'
import { resolveEndpoint } from './endpoint.js'
import { openInteractive } from './interactive.js'
import type { HostKeyChecker } from './host-key-policy.js'
import type { PassphraseSource } from './identities.js'
import { Bastions, forwardTo } from './jump.js'
import type { ShellStreams } from './shell-session.js'
import { ShellSet } from './shell-set.js'
import { openSftp, sftpGet, sftpPut } from './transfer.js'
import type { Connection, ConnectionTarget, ExecOptions, ExecResult, InteractiveChannel, InteractiveOptions, PutOptions } from './types.js'

export interface SshOpenOptions {
  hostKeys: HostKeyChecker
  env: NodeJS.ProcessEnv
  /** The checker for a UserKnownHostsFile list from ssh_config; default: `hostKeys` for every host. */
  hostKeysFor?: (files: string[]) => HostKeyChecker
  /** Shared bastion connections; without it each connection opens its own. */
  bastions?: Bastions
  /** Passphrases for encrypted keys; without it an encrypted key is an error. */
  passphrase?: PassphraseSource
  /** Extra attempts after a refused or reset connection (ANSIBLE_SSH_RETRIES). */
  retries?: number
  /** `-F`: the ssh config file; default ~/.ssh/config. */
  sshConfigFile?: string
  /** The run's parsed ssh config and key files; without it each connection reads them. */
  cache?: ConnectCache
}

/**
 * sshd runs the user's login shell with `-c` and this text; `exec` replaces that shell with ours, so
 * one process per host lives instead of two (dash, unlike bash, does not exec a lone command).
 */
export const PLAIN_SHELL = 'exec /bin/sh'

export class SshConnection implements Connection {
  readonly transport = 'ssh' as const
  private closedReason: string | undefined
  private readonly shells: ShellSet
  /** Set when the server refuses a long-lived shell channel: every command then gets its own exec channel. */
  private shellRefused = false
  private sftp: Promise<SFTPWrapper> | undefined

  private constructor(
    readonly host: string,
    private readonly client: Client,
    timeoutMs: number,
  ) {
    client.on('close', () => {
      this.closedReason ??= 'Connection closed by remote host'
    })
    this.shells = new ShellSet(host, (command) => this.openChannel(command ?? PLAIN_SHELL), timeoutMs)
  }

  get roundTrips(): number {
    return this.shells.frames
  }

  /** Commands go through the persistent shell for their become settings: about one round trip each. */
  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.closedReason) return Promise.reject(new ConnectionError(this.host, this.closedReason))
    if (options.become) return this.shells.forBecome(options.become).run(command, options)
    if (this.shellRefused) return this.execChannel(command, options)
    return this.shells.plain.run(command, options).catch((error: unknown) => {
      if (!this.shellRefused) throw error
      return this.execChannel(command, options)
    })
  }

  private openChannel(command: string): Promise<ShellStreams> {
    return new Promise((resolvePromise, reject) => {
      this.client.exec(command, (error, channel) => {
        if (error) {
          if (command === PLAIN_SHELL) this.shellRefused = true
          return reject(new ConnectionError(this.host, `Failed to open a session on the host: ${error.message}`, 'E_CONNECTION', { cause: error }))
        }
        resolvePromise({
          write: (data) => void channel.write(data),
          // A blank line is an empty command to the waiting shell: it only carries our ACK.
          nudge: () => void channel.write('\n'),
          stdout: channel,
          stderr: channel.stderr,
          onClose: (listener) => {
            channel.once('close', listener)
            this.client.once('close', listener)
          },
          close: () => void channel.end(),
        })
      })
    })
  }

  static async open(target: ConnectionTarget, options: SshOpenOptions): Promise<SshConnection> {
    const { client, connectTimeoutMs } = await connectClient(target, options)
    return new SshConnection(target.name, client, connectTimeoutMs)
  }

  put(path: string, content: Buffer | Readable, options: PutOptions = {}): Promise<void> {
    return this.transfer(`writing ${path}`, async (signal) => sftpPut(await this.openSftp(), path, content, options, signal))
  }

  get(path: string): Promise<Buffer> {
    return this.transfer(`reading ${path}`, async (signal) => sftpGet(await this.openSftp(), path, signal))
  }

  /**
   * Runs an SFTP transfer that fails as unreachable when the connection closes. It does not wait for
   * the SFTP streams to finish closing: on a dead channel their close requests are never answered.
   */
  private async transfer<T>(what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.closedReason) throw new ConnectionError(this.host, this.closedReason)
    const abort = new AbortController()
    let onClose = (): void => {}
    const closed = new Promise<never>((_, reject) => {
      onClose = () => {
        abort.abort()
        reject(new ConnectionError(this.host, `${this.closedReason ?? 'Connection closed'} while ${what}`))
      }
    })
    this.client.once('close', onClose)
    const transfer = run(abort.signal)
    transfer.catch(() => {})
    try {
      return await Promise.race([transfer, closed])
    } catch (error) {
      if (this.closedReason && !(error instanceof ConnectionError)) throw new ConnectionError(this.host, `${this.closedReason} while ${what}`, 'E_CONNECTION', { cause: error })
      throw error
    } finally {
      this.client.removeListener('close', onClose)
    }
  }

  private openSftp(): Promise<SFTPWrapper> {
    if (!this.sftp) {
      this.sftp = openSftp(this.client, this.host)
      this.sftp.catch(() => {
        this.sftp = undefined
      })
    }
    return this.sftp
  }

  interactive(command: string, options: InteractiveOptions): Promise<InteractiveChannel> {
    if (this.closedReason) return Promise.reject(new ConnectionError(this.host, this.closedReason))
    return openInteractive(this.client, this.host, command, options)
  }

  /** One exec channel per command: the fallback path, and the baseline the benchmark compares with. */
  execChannel(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.closedReason) return Promise.reject(new ConnectionError(this.host, this.closedReason))
    return new Promise((resolvePromise, reject) => {
      const onClientClose = () => reject(new ConnectionError(this.host, 'Connection closed by remote host while a command was running'))
      this.client.once('close', onClientClose)
      this.client.exec(command, (error, channel) => {
        if (error) {
          this.client.removeListener('close', onClientClose)
          return reject(new ConnectionError(this.host, `Failed to open a session on the host: ${error.message}`, 'E_CONNECTION', { cause: error }))
        }
        const stdout: Buffer[] = []
        const stderr: Buffer[] = []
        let rc: number | undefined
        channel.on('data', (chunk: Buffer) => stdout.push(chunk))
        channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
        channel.on('exit', (code: number | null, signal?: string) => {
          rc = code ?? (signal ? 128 + (SIGNALS[signal] ?? 0) : 255)
        })
        channel.on('close', () => {
          this.client.removeListener('close', onClientClose)
          resolvePromise({ rc: rc ?? 255, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) })
        })
        channel.end(options.stdin ?? '')
      })
    })
  }

  async close(): Promise<void> {
    this.closedReason ??= 'Connection closed'
    this.shells.close()
    void this.sftp?.then((s) => s.end(), () => undefined)
    this.client.end()
  }
}

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, KILL: 9, PIPE: 13, TERM: 15 }

/** The authenticated ssh2 client for a target (through its bastions): shared by the ssh and network_cli transports. */
export async function connectClient(target: ConnectionTarget, options: SshOpenOptions): Promise<{ client: Client; connectTimeoutMs: number }> {
  const endpoint = resolveEndpoint(target, { env: options.env, configFile: options.sshConfigFile, cache: options.cache })
  const hostKeysFor = options.hostKeysFor ?? (() => options.hostKeys)
  const deps = {
    env: options.env,
    hostKeys: (files: string[]) => (files.length ? hostKeysFor(files) : options.hostKeys),
    passphrase: options.passphrase ?? (async () => undefined),
    retries: options.retries,
    cache: options.cache,
  }
  let sock
  let ownBastions: Bastions | undefined
  if (endpoint.jumps.length) {
    const bastions = options.bastions ?? (ownBastions = new Bastions(deps))
    const last = endpoint.jumps[endpoint.jumps.length - 1]!
    const { address, port } = endpoint.target
    sock = async () => forwardTo(await bastions.reach(endpoint.jumps), last.label, address, port, target.name)
  }
  const client = await connectHop(endpoint.target, deps, sock)
  if (ownBastions) client.once('close', () => void ownBastions.closeAll())
  return { client, connectTimeoutMs: endpoint.target.connectTimeoutMs }
}
