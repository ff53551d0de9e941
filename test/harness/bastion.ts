/**
 * A host reachable only through a bastion. The inner sshd runs in its own network namespace, so
 * nothing on the machine can connect to it. The bastion is an sshd started per connection in inetd
 * mode (`sshd -i`) inside that namespace, on a socket accepted here in the normal namespace: its
 * forwarded (`direct-tcpip`) connections are made from inside, where the inner host listens.
 * Needs root (unshare/nsenter).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { waitForBanner } from './banner.js'
import { freePort } from './ports.js'
import { killTree } from './processes.js'
import { sshdConfig, type SshdSpec } from './sshd.js'

/** The inner host's port inside its namespace: everything is free there. */
const INNER_PORT = 2222

export interface RunningBastion {
  bastionPort: number
  innerPort: number
  /** Every process started (inner sshd, per-connection bastion sshds), for teardown. */
  pids(): number[]
  stop(): Promise<void>
}

export async function startBastion(bastion: SshdSpec, inner: SshdSpec): Promise<RunningBastion> {
  if (process.getuid?.() !== 0) throw new Error('harness: the bastion arrangement needs root (network namespaces)')
  const innerConfig = join(inner.dir, 'sshd_config')
  writeFileSync(innerConfig, sshdConfig(inner, INNER_PORT))
  writeFileSync(join(inner.dir, 'sshd.log'), '')
  const innerSshd = spawn('unshare', ['--net', '--', '/bin/sh', '-c',
    `ip link set lo up && exec ${inner.sshd} -D -e -f ${innerConfig} -E ${join(inner.dir, 'sshd.log')}`], { stdio: 'ignore' })
  innerSshd.unref()
  const sessions = new Set<ChildProcess>()
  const bastionConfig = join(bastion.dir, 'sshd_config')
  writeFileSync(join(bastion.dir, 'sshd.log'), '')
  // The bastion's ListenAddress is unused in inetd mode; the port here is only for the config.
  const bastionPort = await freePort(bastion.address)
  writeFileSync(bastionConfig, sshdConfig(bastion, bastionPort))
  // Its namespace is ready once `ip link set lo up` ran and sshd exec'ed; wait for the inner listener.
  await waitInsideNamespace(innerSshd, join(inner.dir, 'sshd.log'))

  const server: Server = createServer({ pauseOnConnect: true }, (socket: Socket) => {
    const session = spawn('nsenter', [`--net=/proc/${innerSshd.pid}/ns/net`, '--', bastion.sshd, '-i', '-e', '-f', bastionConfig, '-E', join(bastion.dir, 'sshd.log')],
      { stdio: [socket, socket, 'ignore'] })
    sessions.add(session)
    session.once('exit', () => sessions.delete(session))
    session.unref()
    // The child holds its own copy of the socket; ours only has to be closed.
    socket.destroy()
  })
  server.unref()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: bastion.address, port: bastionPort, exclusive: true }, resolve)
  })
  if (!(await waitForBanner(bastion.address, bastionPort, () => innerSshd.exitCode !== null))) {
    throw new Error('harness: the bastion did not answer')
  }
  return {
    bastionPort,
    innerPort: INNER_PORT,
    pids: () => [innerSshd.pid, ...[...sessions].map((s) => s.pid)].filter((p): p is number => p !== undefined),
    stop: async () => {
      server.close()
      for (const session of sessions) if (session.pid) killTree(session.pid)
      if (innerSshd.pid) killTree(innerSshd.pid)
      for (let i = 0; i < 100 && innerSshd.exitCode === null && innerSshd.signalCode === null; i++) await sleep(10)
    },
  }
}

/** sshd logs `Server listening on ADDRESS port PORT.` once it has bound inside its namespace. */
async function waitInsideNamespace(sshd: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (sshd.exitCode !== null) throw new Error(`harness: the inner sshd exited (${sshd.exitCode}): ${readFileSync(log, 'utf8').trim()}`)
    if (readFileSync(log, 'utf8').includes('Server listening on')) return
    await sleep(10)
  }
  throw new Error('harness: the inner sshd did not start listening')
}
