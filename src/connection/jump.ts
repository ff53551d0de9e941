/**
 * ProxyJump over ssh2 itself: each bastion is an ordinary client whose forwarded channel
 * (`direct-tcpip`) carries the next hop's SSH stream. A bastion is connected once per run and
 * shared by every host behind it.
 */
import type { Duplex } from 'node:stream'
import type { Client } from 'ssh2'
import { ConnectionError } from '../errors.js'
import { connectHop, type ConnectDeps } from './client-connect.js'
import type { Hop } from './endpoint.js'

export function forwardTo(bastion: Client, via: string, address: string, port: number, host: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    bastion.forwardOut('127.0.0.1', 0, address, port, (error, channel) => {
      if (error) return reject(new ConnectionError(host, `ssh: the jump host ${via} could not connect to ${address} port ${port}: ${error.message}`, 'E_CONNECTION', { cause: error }))
      resolve(channel)
    })
  })
}

export class Bastions {
  private readonly clients = new Map<string, Promise<Client>>()

  constructor(private readonly deps: ConnectDeps) {}

  /** The client of the chain's last bastion, connecting each hop along the way at most once. */
  reach(jumps: Hop[]): Promise<Client> {
    let previous: Promise<Client> | undefined
    let key = ''
    for (const hop of jumps) {
      key += `${key ? ' ' : ''}${hop.user}@${hop.address}:${hop.port}`
      let client = this.clients.get(key)
      if (!client) {
        const through = previous
        const via = jumps[jumps.indexOf(hop) - 1]
        client = connectHop(hop, this.deps, through && via ? async () => forwardTo(await through, via.label, hop.address, hop.port, hop.label) : undefined)
        // A bastion that failed is not retried for every host behind it.
        client.catch(() => {})
        client.then((c) => c.on('close', () => this.clients.delete(key)), () => undefined)
        this.clients.set(key, client)
      }
      previous = client
    }
    if (!previous) throw new Error('Bastions.reach needs at least one jump host')
    return previous
  }

  async closeAll(): Promise<void> {
    const open = [...this.clients.values()].reverse()
    this.clients.clear()
    await Promise.all(open.map((c) => c.then((client) => client.end(), () => undefined)))
  }
}
