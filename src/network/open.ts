/** Opens a network_cli connection: the platform is checked before logging in, the login is the ssh transport's. */
import { connectClient, type SshOpenOptions } from '../connection/ssh.js'
import type { ConnectionTarget } from '../connection/types.js'
import { NetworkCliConnection } from './network-connection.js'
import { platformFor } from './platform-lookup.js'

export async function openNetworkCli(target: ConnectionTarget, options: SshOpenOptions): Promise<NetworkCliConnection> {
  const network = target.network ?? { os: '', commandTimeoutSeconds: 30 }
  const platform = platformFor(network.os)
  const { client } = await connectClient(target, options)
  return new NetworkCliConnection(target.name, client, platform, network.commandTimeoutSeconds)
}
