/**
 * One connection per host for the whole run, opened lazily on first use and shared by every
 * task after it. A host whose connection failed keeps failing fast with the same error.
 */
import { ConnectCache } from './connect-cache.js'
import { HostKeyChecker, type HostKeyPolicy } from './host-key-policy.js'
import { Bastions } from './jump.js'
import { LocalConnection } from './local.js'
import { once, readSecretFile } from './secrets.js'
import { SshConnection, type SshOpenOptions } from './ssh.js'
import { openNetworkCli } from '../network/open.js'
import type { Connection, ConnectionTarget } from './types.js'

export interface PoolOptions {
  hostKeys: HostKeyPolicy
  env: NodeJS.ProcessEnv
  /** ANSIBLE_SSH_RETRIES: extra attempts after a refused or reset connection (default 0). */
  retries?: number
  /** `-F` / DROVER_SSH_CONFIG; default ~/.ssh/config. */
  sshConfigFile?: string
  /** The `-k` answer (or connection password file): used where the host has no ansible_password. */
  password?: string
  /** DROVER_PRIVATE_KEY_PASSPHRASE_FILE: the passphrase of encrypted keys, instead of asking. */
  passphraseFile?: string
  /** Where local-connection commands run (the playbook's directory, as Ansible does; else the cwd). */
  localWorkDir?: string
  /** Asks for a key passphrase on the terminal; called at most once per run. */
  askPassphrase?: (question: string) => Promise<string>
}

export class ConnectionPool {
  private readonly connections = new Map<string, Promise<Connection>>()
  /** Connections that opened, for counting round trips without waiting. */
  private readonly opened = new Map<string, Connection>()
  private readonly hostKeys: HostKeyChecker
  /** One checker per known_hosts file list, so accept-new records each key once. */
  private readonly checkers = new Map<string, HostKeyChecker>()
  private readonly bastions: Bastions
  private readonly passphrase: () => Promise<string | undefined>
  private readonly cache = new ConnectCache()

  constructor(private readonly options: PoolOptions) {
    this.hostKeys = new HostKeyChecker(options.hostKeys)
    const { passphraseFile, askPassphrase } = options
    this.passphrase = once(async () => {
      if (passphraseFile) return readSecretFile(passphraseFile, 'private key passphrase')
      return askPassphrase ? askPassphrase('Enter passphrase for private keys: ') : undefined
    })
    this.bastions = new Bastions(this.sshDeps())
  }

  private hostKeysFor(files: string[]): HostKeyChecker {
    const key = JSON.stringify(files)
    let checker = this.checkers.get(key)
    if (!checker) {
      checker = new HostKeyChecker({ checking: this.options.hostKeys.checking, files })
      this.checkers.set(key, checker)
    }
    return checker
  }

  private sshDeps() {
    return {
      env: this.options.env,
      hostKeys: (files: string[]) => (files.length ? this.hostKeysFor(files) : this.hostKeys),
      passphrase: () => this.passphrase(),
      retries: this.options.retries,
      cache: this.cache,
    }
  }

  get(target: ConnectionTarget): Promise<Connection> {
    let connection = this.connections.get(target.name)
    if (!connection) {
      const password = target.password ?? this.options.password
      const sshOptions: SshOpenOptions = {
        hostKeys: this.hostKeys,
        env: this.options.env,
        hostKeysFor: (files) => this.hostKeysFor(files),
        bastions: this.bastions,
        passphrase: () => this.passphrase(),
        retries: this.options.retries,
        sshConfigFile: this.options.sshConfigFile,
        cache: this.cache,
      }
      connection =
        target.transport === 'local'
          ? Promise.resolve(new LocalConnection(target.name, this.options.localWorkDir))
          : target.transport === 'network_cli'
            ? openNetworkCli({ ...target, password }, sshOptions)
            : SshConnection.open({ ...target, password }, sshOptions)
      // Keep the rejected promise too: later tasks on that host fail at once instead of retrying.
      connection.then((c) => this.opened.set(target.name, c), () => {})
      this.connections.set(target.name, connection)
    }
    return connection
  }

  /**
   * Closes the host's connection, if any, and opens a new one (after a reboot the old one is dead, and
   * a failed attempt must not be remembered). The host's round-trip count restarts.
   */
  async reopen(target: ConnectionTarget): Promise<Connection> {
    const old = this.connections.get(target.name)
    this.connections.delete(target.name)
    this.opened.delete(target.name)
    if (old) await old.then((c) => c.close(), () => undefined)
    return this.get(target)
  }

  /** Commands sent to that host so far (each one network round trip); 0 before it connected. */
  roundTrips(name: string): number {
    return this.opened.get(name)?.roundTrips ?? 0
  }

  async closeAll(): Promise<void> {
    const open = [...this.connections.values()]
    this.connections.clear()
    await Promise.all(open.map((c) => c.then((conn) => conn.close(), () => undefined)))
    await this.bastions.closeAll()
  }
}
