import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { connect, createServer, Socket, type Server } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, test } from 'node:test'
import { Client } from 'ssh2'
import { ignoreHostKeyAnnouncements } from '../../src/connection/host-key-announcements.js'
import { ConnectionPool } from '../../src/connection/pool.js'
import { freePort } from '../harness/ports.js'
import { startHarness, type Harness } from '../harness/index.js'
import { targetFor } from './ssh-target.js'

let h: Harness
const servers: Server[] = []

before(async () => {
  h = await startHarness({ hosts: 1, down: 1 })
})
after(async () => {
  for (const server of servers) server.close()
  await h?.stop()
})

const pool = (retries = 0): ConnectionPool => new ConnectionPool({ hostKeys: { checking: 'off', files: [] }, env: h.env(), retries })

function listen(server: Server, port: number): Promise<void> {
  servers.push(server)
  return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
}

test('a refused connection fails at once without retries, and is retried with backoff when asked', async () => {
  const down = h.down[0]!
  let started = Date.now()
  const noRetry = pool(0)
  await assert.rejects(noRetry.get(targetFor(h, down)), /Connection refused/)
  assert.ok(Date.now() - started < 1000)
  started = Date.now()
  const retrying = pool(2)
  await assert.rejects(retrying.get(targetFor(h, down)), /Connection refused/)
  // Pauses of 0 s and 1 s between the three attempts, as Ansible's.
  assert.ok(Date.now() - started >= 1000, `gave up after ${Date.now() - started} ms`)
})

test('a host that starts listening while drover retries is reached', async () => {
  const port = await freePort('127.0.0.1')
  const target = h.hosts[0]!
  // A relay to h1 that appears 300 ms from now: the first two attempts are refused, the third gets in.
  setTimeout(() => {
    void listen(createServer((socket) => {
      const upstream = connect(target.port, target.address)
      socket.pipe(upstream).pipe(socket)
      upstream.on('error', () => socket.destroy())
      socket.on('error', () => upstream.destroy())
    }), port)
  }, 300)
  const p = pool(2)
  try {
    const c = await p.get(targetFor(h, target, { address: '127.0.0.1', port, privateKeyFile: h.clientKey }))
    assert.equal((await c.exec('echo "$HARNESS_HOST"')).stdout.toString().trim(), 'h1')
  } finally {
    await p.closeAll()
  }
})

test('a server that never greets fails within the connect timeout (-T)', async () => {
  const port = await freePort('127.0.0.1')
  await listen(createServer(() => {}), port)
  const started = Date.now()
  const p = pool()
  await assert.rejects(p.get(targetFor(h, h.hosts[0]!, { address: '127.0.0.1', port, timeoutSeconds: 1 })), /Connection timed out during banner exchange/)
  assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`)
  await sleep(10)
})

test('closeAll ends the connection cleanly: sshd sees the client disconnect', async () => {
  const disconnects = (): number => readFileSync(h.sshdLog('h1'), 'utf8').split('\n').filter((l) => l.includes('Disconnected from user')).length
  const before = disconnects()
  const p = pool()
  const c = await p.get(targetFor(h, h.hosts[0]!, { privateKeyFile: h.clientKey }))
  await c.exec('true', { become: undefined })
  await p.closeAll()
  for (let i = 0; i < 200 && disconnects() === before; i++) await sleep(10)
  assert.equal(disconnects(), before + 1)
  await assert.rejects(c.exec('true'), /Connection closed/)
})

test('Nagle is off from a connection\'s first byte, not only once logged in', async () => {
  // With Nagle on, each small write of the key exchange and the login that follows another one not
  // yet acknowledged waits for the host's delayed ACK (~40 ms, five times per login). The switch
  // is seen on the socket itself: the version line at most has gone out when it is set, while the
  // client's KEXINIT alone is over 1,000 bytes.
  const calls: { enable: boolean; written: number }[] = []
  const original = Socket.prototype.setNoDelay
  Socket.prototype.setNoDelay = function (this: Socket, enable?: boolean) {
    calls.push({ enable: enable !== false, written: this.bytesWritten })
    return original.call(this, enable)
  }
  const p = pool()
  try {
    const c = await p.get(targetFor(h, h.hosts[0]!, { privateKeyFile: h.clientKey }))
    assert.equal((await c.exec('true')).rc, 0)
  } finally {
    Socket.prototype.setNoDelay = original
    await p.closeAll()
  }
  assert.ok(calls.some((call) => call.enable && call.written < 100), JSON.stringify(calls))
})

test("OpenSSH's host key announcement gets a keepalive at once instead of a proof request", async () => {
  // The announcement wants no reply, but sshd holds what it sends next (the channel's confirmation)
  // until we acknowledge it: a packet from us carries the ACK the kernel would delay by ~40 ms.
  const host = h.hosts[0]!
  const log: string[] = []
  const client = new Client()
  const opened = new Promise<void>((resolve, reject) => {
    client.once('error', reject)
    client.once('ready', () => client.exec('true', (error, stream) => {
      if (error) return reject(error)
      stream.on('close', () => resolve()).resume()
    }))
  })
  client.connect({ host: host.address, port: host.port, username: h.user, privateKey: readFileSync(h.clientKey), debug: (message) => log.push(message) })
  ignoreHostKeyAnnouncements(client)
  try {
    await opened
  } finally {
    client.end()
  }
  const announced = log.findIndex((line) => line.startsWith('Inbound: GLOBAL_REQUEST (hostkeys-00@openssh.com)'))
  assert.ok(announced >= 0, 'sshd announced its host keys')
  assert.match(log[announced + 1] ?? '', /^Outbound: Sending ping \(GLOBAL_REQUEST: keepalive@openssh.com\)/)
  assert.ok(!log.some((line) => line.includes('hostkeys-prove')), 'no proof requested')
  assert.ok(log.some((line) => line.startsWith('Inbound: Received REQUEST_FAILURE')), "sshd's reply to the keepalive came and was taken")
})
