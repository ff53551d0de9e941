/**
 * Opens one authenticated ssh2 Client to one hop, directly or over a channel forwarded by a
 * bastion, with host key checking, the OpenSSH order of authentication methods, and a bounded
 * retry for refused or reset connections.
 */
import type { Duplex } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Client, ConnectConfig } from 'ssh2'
import { ConnectionError, HostKeyError } from '../errors.js'
import { AuthSequence } from './auth.js'
import { dialEarly } from './early-dial.js'
import type { ConnectCache } from './connect-cache.js'
import type { Hop } from './endpoint.js'
import { ignoreHostKeyAnnouncements } from './host-key-announcements.js'
import type { HostKeyChecker } from './host-key-policy.js'
import { loadIdentities, type PassphraseSource } from './identities.js'

export interface ConnectDeps {
  env: NodeJS.ProcessEnv
  /** The checker for a hop's known_hosts files (its UserKnownHostsFile, or the run's setting). */
  hostKeys(files: string[]): HostKeyChecker
  passphrase: PassphraseSource
  /** ANSIBLE_SSH_RETRIES: extra attempts after a refused or reset connection. */
  retries?: number
  /** The run's parsed key files, shared by its connections. */
  cache?: ConnectCache
}

type SshError = Error & { level?: string; code?: string }

const RETRYABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE'])

export async function connectHop(hop: Hop, deps: ConnectDeps, sock?: () => Promise<Duplex>): Promise<Client> {
  const early = sock ? undefined : dialEarly(hop.address, hop.port)
  let identities: Awaited<ReturnType<typeof loadIdentities>>
  let Client: typeof import('ssh2').Client
  try {
    identities = await loadIdentities(hop.label, hop.identityFiles, deps.passphrase, deps.cache)
    // Imported on the first connection (see loadIdentities): only runs that connect load ssh2.
    Client = (await import('ssh2')).Client
  } catch (error) {
    early?.discard()
    throw error
  }
  const retries = Math.max(0, deps.retries ?? 0)
  for (let attempt = 0; ; attempt++) {
    // Only the first attempt has an early socket; a retry dials afresh, as ssh2 does by itself.
    const dialled = early?.take()
    try {
      return await connectOnce(Client, hop, deps, identities, sock ? await sock() : dialled)
    } catch (error) {
      // ssh2 closes the socket it was given on failure; this covers a failure before it had it.
      dialled?.destroy()
      const code = (error as { cause?: SshError }).cause?.code
      if (attempt >= retries || !code || !RETRYABLE.has(code)) throw error
      // Ansible's backoff: 0s, 1s, 3s, 7s … at most 30s between attempts.
      await sleep(Math.min(2 ** attempt - 1, 30) * 1000)
    }
  }
}

function connectOnce(ClientClass: typeof Client, hop: Hop, deps: ConnectDeps, identities: Awaited<ReturnType<typeof loadIdentities>>, sock?: Duplex): Promise<Client> {
  const client = new ClientClass()
  const auth = new AuthSequence({
    user: hop.user,
    agent: hop.identitiesOnly ? undefined : deps.env.SSH_AUTH_SOCK || undefined,
    identities,
    password: hop.password,
  })
  const checker = deps.hostKeys(hop.knownHostsFiles)
  let hostKeyRefusal: string | undefined
  const config: ConnectConfig = {
    host: hop.address,
    port: hop.port,
    username: hop.user,
    sock: sock as ConnectConfig['sock'],
    readyTimeout: hop.connectTimeoutMs,
    keepaliveInterval: hop.keepaliveMs,
    keepaliveCountMax: hop.keepaliveCountMax,
    authHandler: auth.handler,
    hostVerifier: (key: Buffer) => {
      const decision = checker.check(hop.label, hop.address, hop.port, key)
      if (!decision.accept) hostKeyRefusal = decision.reason
      return decision.accept
    },
  }
  return new Promise((resolve, reject) => {
    const fail = (error: SshError): void => {
      // An unreachable agent is not fatal: ssh2 moves on to the next method, as ssh does.
      if (error.level === 'agent') return
      client.removeListener('error', fail)
      client.removeAllListeners('ready')
      client.on('error', () => {})
      client.end()
      if (hostKeyRefusal) return reject(new HostKeyError(hop.label, hostKeyRefusal))
      const message = error.level === 'client-authentication' ? auth.describeFailure(hop.address) : describeConnectError(hop, error)
      reject(new ConnectionError(hop.label, message, 'E_CONNECTION', { cause: error }))
    }
    client.on('error', fail)
    client.once('ready', () => {
      client.removeListener('error', fail)
      client.on('error', () => {}) // later errors surface through 'close' and pending commands
      resolve(client)
    })
    client.connect(config)
    // From the first byte, not once logged in: the handshake, the login and every frame after them
    // are small request/response writes, and Nagle would hold each write that follows another
    // unacknowledged one until the host's delayed ACK (~40 ms; five times in every login).
    client.setNoDelay(true)
    ignoreHostKeyAnnouncements(client)
  })
}

/** Ansible's wording: "ssh: connect to host X port P: Connection refused" and friends. */
export function describeConnectError(hop: Pick<Hop, 'address' | 'port'>, error: SshError): string {
  const where = `connect to host ${hop.address} port ${hop.port}`
  switch (error.code) {
    case 'ECONNREFUSED':
      return `ssh: ${where}: Connection refused`
    case 'ETIMEDOUT':
      return `ssh: ${where}: Connection timed out`
    case 'EHOSTUNREACH':
      return `ssh: ${where}: No route to host`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `ssh: Could not resolve hostname ${hop.address}: Name or service not known`
    case 'ECONNRESET':
      return `ssh: ${where}: Connection reset by peer`
  }
  if (/Timed out while waiting for handshake/.test(error.message)) return `ssh: ${where}: Connection timed out during banner exchange`
  return `ssh: ${where}: ${error.message}`
}
