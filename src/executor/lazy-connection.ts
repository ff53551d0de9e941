/**
 * A connection opened on first use, for modules that must run while the host is still (or again)
 * unreachable (wait_for_connection): the pool's connect error reaches the module as a rejected
 * command instead of failing the task before the module starts.
 */
import type { Connection } from '../connection/types.js'

export function lazyConnection(host: string, transport: string, open: () => Promise<Connection>): Connection {
  let opened: Connection | undefined
  const connect = async () => (opened ??= await open())
  return {
    host,
    transport: transport === 'local' ? 'local' : 'ssh',
    get roundTrips() {
      return opened?.roundTrips ?? 0
    },
    exec: async (command, options) => (await connect()).exec(command, options),
    close: async () => opened?.close(),
  }
}
