/**
 * One ssh2 client per host for the whole run. Commands run on exec channels of that client;
 * a broken connection turns every pending and later command into a ConnectionError (UNREACHABLE).
 */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { Client, type ConnectConfig } from 'ssh2'
import { ConnectionError, HostKeyError } from '../errors.js'
import type { HostKeyChecker } from './host-key-policy.js'
import { ShellSession, type ShellStreams } from './shell-session.js'
import type { Connection, ConnectionTarget, ExecOptions, ExecResult } from './types.js'

const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa']

export interface SshOpenOptions {
  hostKeys: HostKeyChecker
  env: NodeJS.ProcessEnv
}

export class SshConnection implements Connection {
  readonly transport = 'ssh' as const
  private closedReason: string | undefined
  private readonly shell: ShellSession
  /** Set when the server refuses a long-lived shell channel: every command then gets its own exec channel. */
  private shellRefused = false

  private constructor(
    readonly host: string,
    private readonly client: Client,
  ) {
    client.on('close', () => {
      this.closedReason ??= 'Connection closed by remote host'
    })
    this.shell = new ShellSession(host, () => this.openShell())
  }

  get roundTrips(): number {
    return this.shell.frames
  }

  /** Commands go through the persistent shell: about one round trip each. */
  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.closedReason) return Promise.reject(new ConnectionError(this.host, this.closedReason))
    if (this.shellRefused) return this.execChannel(command, options)
    return this.shell.run(command, options).catch((error: unknown) => {
      if (!this.shellRefused) throw error
      return this.execChannel(command, options)
    })
  }

  private openShell(): Promise<ShellStreams> {
    return new Promise((resolvePromise, reject) => {
      this.client.exec('/bin/sh', (error, channel) => {
        if (error) {
          this.shellRefused = true
          return reject(new ConnectionError(this.host, `Failed to open a session on the host: ${error.message}`, 'E_CONNECTION', { cause: error }))
        }
        resolvePromise({
          write: (data) => void channel.write(data),
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

  static open(target: ConnectionTarget, options: SshOpenOptions): Promise<SshConnection> {
    const client = new Client()
    let hostKeyRefusal: string | undefined
    const config: ConnectConfig = {
      host: target.address,
      port: target.port,
      username: target.user,
      readyTimeout: target.timeoutSeconds * 1000,
      keepaliveInterval: 15_000,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => {
        const decision = options.hostKeys.check(target.name, target.address, target.port, key)
        if (!decision.accept) hostKeyRefusal = decision.reason
        return decision.accept
      },
    }
    const keyFile = target.privateKeyFile ?? defaultIdentity(options.env)
    if (keyFile) {
      try {
        config.privateKey = readFileSync(keyFile)
      } catch (error) {
        return Promise.reject(new ConnectionError(target.name, `Failed to read the private key ${keyFile}: ${(error as Error).message}`))
      }
    }
    if (options.env.SSH_AUTH_SOCK) config.agent = options.env.SSH_AUTH_SOCK
    if (target.password !== undefined) config.password = target.password

    return new Promise((resolvePromise, reject) => {
      const fail = (error: Error & { level?: string; code?: string }) => {
        client.removeAllListeners('ready')
        client.end()
        if (hostKeyRefusal) return reject(new HostKeyError(target.name, hostKeyRefusal))
        reject(new ConnectionError(target.name, describeConnectError(target, error), 'E_CONNECTION', { cause: error }))
      }
      client.once('error', fail)
      client.once('ready', () => {
        client.removeListener('error', fail)
        client.on('error', () => {}) // later errors surface through 'close' and pending commands
        resolvePromise(new SshConnection(target.name, client))
      })
      client.connect(config)
    })
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
    this.shell.close()
    this.client.end()
  }
}

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, KILL: 9, PIPE: 13, TERM: 15 }

function defaultIdentity(env: NodeJS.ProcessEnv): string | undefined {
  const dir = join(env.HOME ?? homedir(), '.ssh')
  return DEFAULT_IDENTITIES.map((name) => join(dir, name)).find((path) => existsSync(path))
}

/** Ansible's wording: "ssh: connect to host X port P: Connection refused" and friends. */
function describeConnectError(target: ConnectionTarget, error: Error & { level?: string; code?: string }): string {
  const where = `connect to host ${target.address} port ${target.port}`
  switch (error.code) {
    case 'ECONNREFUSED':
      return `ssh: ${where}: Connection refused`
    case 'ETIMEDOUT':
      return `ssh: ${where}: Connection timed out`
    case 'EHOSTUNREACH':
      return `ssh: ${where}: No route to host`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `ssh: Could not resolve hostname ${target.address}: Name or service not known`
    case 'ECONNRESET':
      return `ssh: ${where}: Connection reset by peer`
  }
  if (error.level === 'client-authentication') return `${target.user}@${target.address}: Permission denied (${error.message}).`
  if (/Timed out while waiting for handshake/.test(error.message)) return `ssh: ${where}: Connection timed out during banner exchange`
  return `ssh: ${where}: ${error.message}`
}
