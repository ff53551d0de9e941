/**
 * One connection per host for the whole run, opened lazily on first use and shared by every
 * task after it. A host whose connection failed keeps failing fast with the same error.
 */
import { HostKeyChecker, type HostKeyPolicy } from './host-key-policy.js'
import { LocalConnection } from './local.js'
import { SshConnection } from './ssh.js'
import type { Connection, ConnectionTarget } from './types.js'

export interface PoolOptions {
  hostKeys: HostKeyPolicy
  env: NodeJS.ProcessEnv
}

export class ConnectionPool {
  private readonly connections = new Map<string, Promise<Connection>>()
  private readonly hostKeys: HostKeyChecker

  constructor(private readonly options: PoolOptions) {
    this.hostKeys = new HostKeyChecker(options.hostKeys)
  }

  get(target: ConnectionTarget): Promise<Connection> {
    let connection = this.connections.get(target.name)
    if (!connection) {
      connection =
        target.transport === 'local'
          ? Promise.resolve(new LocalConnection(target.name))
          : SshConnection.open(target, { hostKeys: this.hostKeys, env: this.options.env })
      // Keep the rejected promise too: later tasks on that host fail at once instead of retrying.
      connection.catch(() => {})
      this.connections.set(target.name, connection)
    }
    return connection
  }

  async closeAll(): Promise<void> {
    const open = [...this.connections.values()]
    this.connections.clear()
    await Promise.all(open.map((c) => c.then((conn) => conn.close(), () => undefined)))
  }
}
