/**
 * The scale simulator's SSH side: one ssh2 Server on loopback standing in for any number of hosts
 * (each controller connection is one host). It accepts one client key, and answers `exec /bin/sh`
 * — the controller's persistent shell — frame by frame from a ReplayBook. Nothing else (SFTP,
 * other commands, port forwarding, ptys) is offered.
 */
import ssh2, { type Connection, type ServerChannel } from 'ssh2'

const { Server, utils } = ssh2
import { PLAIN_SHELL } from '../../src/connection/ssh.js'
import { FrameSplitter } from './frames.js'
import type { ReplayBook } from './replay.js'

export interface SimulatorOptions {
  /** Private host key (OpenSSH format). */
  hostKey: string
  /** The only public key a client may log in with. */
  clientKey: string
  book: ReplayBook
}

export interface SimulatorStats {
  connections: number
  frames: number
}

function authenticate(client: Connection, allowed: ReturnType<typeof utils.parseKey>): void {
  client.on('authentication', (ctx) => {
    if (ctx.method !== 'publickey' || allowed instanceof Error) return ctx.reject(['publickey'])
    const sameKey = ctx.key.algo === allowed.type && ctx.key.data.equals(allowed.getPublicSSH())
    if (!sameKey) return ctx.reject(['publickey'])
    // Without a signature the client only asks whether the key would do.
    if (!ctx.signature) return ctx.accept()
    return allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject(['publickey'])
  })
}

/** Answers the frames of one persistent shell in order, each from the book at its step. */
function serveShell(channel: ServerChannel, book: ReplayBook, stats: SimulatorStats): void {
  const splitter = new FrameSplitter()
  let step = 0
  let answered: Promise<void> = Promise.resolve()
  channel.on('data', (chunk: Buffer) => {
    for (const frame of splitter.push(chunk.toString('latin1'))) {
      const at = step++
      stats.frames++
      answered = answered.then(async () => {
        const reply = await book.answer(at, frame)
        channel.stderr.write(Buffer.concat([reply.stderr, Buffer.from(`${frame.nonce}\n`)]))
        channel.write(Buffer.concat([reply.stdout, Buffer.from(`${frame.nonce}:${reply.rc}\n`)]))
      })
    }
  })
  channel.on('end', () => {
    void answered.then(() => {
      channel.exit(0)
      channel.end()
    })
  })
}

export function createSimulator(options: SimulatorOptions): { server: InstanceType<typeof Server>; stats: SimulatorStats } {
  const allowed = utils.parseKey(options.clientKey)
  const key = Array.isArray(allowed) ? allowed[0]! : allowed
  const stats: SimulatorStats = { connections: 0, frames: 0 }
  const server = new Server({ hostKeys: [options.hostKey] }, (client) => {
    stats.connections++
    client.on('error', () => {})
    // Replies go out at once: the simulator should add no latency a real host would not.
    ;(client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true)
    authenticate(client, key)
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept()
        session.on('exec', (acceptExec, rejectExec, info) => {
          if (info.command !== PLAIN_SHELL) return rejectExec()
          serveShell(acceptExec(), options.book, stats)
        })
        session.on('subsystem', (_accept, rejectSubsystem) => rejectSubsystem())
        session.on('pty', (_accept, rejectPty) => rejectPty?.())
      })
    })
  })
  return { server, stats }
}
