import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { dialEarly } from '../../../src/connection/early-dial.js'

async function listen(onConnection: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { server, port: (server.address() as AddressInfo).port }
}

test('a taken socket is the one connection and reads what the server sent before and after it was taken', async () => {
  const served: Socket[] = []
  const { server, port } = await listen((socket) => {
    served.push(socket)
    socket.write('SSH-2.0-banner\r\n')
  })
  try {
    const early = dialEarly('127.0.0.1', port)
    await sleep(50)
    const socket = early.take()
    assert.ok(socket, 'a connected socket is handed over')
    assert.equal(early.take(), undefined, 'a socket is handed over once')
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.resume()
    served[0]!.end('more\n')
    await once(socket, 'end')
    assert.equal(Buffer.concat(chunks).toString(), 'SSH-2.0-banner\r\nmore\n')
    assert.equal(served.length, 1)
    socket.destroy()
  } finally {
    server.close()
  }
})

test('a socket still connecting is handed over as it is', async () => {
  const { server, port } = await listen((socket) => socket.end())
  try {
    const early = dialEarly('127.0.0.1', port)
    const socket = early.take()
    assert.ok(socket)
    assert.equal(socket.connecting, true)
    socket.destroy()
  } finally {
    server.close()
  }
})

test('a refused dial hands over nothing and raises nothing, so the client dials and reports it itself', async () => {
  const { server, port } = await listen(() => {})
  server.close()
  await once(server, 'close')
  const early = dialEarly('127.0.0.1', port)
  await sleep(50)
  assert.equal(early.take(), undefined)
})

test('a connection the server closed before it was taken is not handed over, even with its banner unread', async () => {
  const { server, port } = await listen((socket) => socket.end('SSH-2.0-banner\r\n'))
  try {
    const early = dialEarly('127.0.0.1', port)
    await sleep(50)
    assert.equal(early.take(), undefined)
  } finally {
    server.close()
  }
})

test('discard closes a socket nobody took', async () => {
  const closed: Promise<unknown>[] = []
  const { server, port } = await listen((socket) => closed.push(once(socket, 'close')))
  try {
    const early = dialEarly('127.0.0.1', port)
    await sleep(50)
    early.discard()
    assert.equal(closed.length, 1)
    await closed[0]
    assert.equal(early.take(), undefined)
  } finally {
    server.close()
  }
})
