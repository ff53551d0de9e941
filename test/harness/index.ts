import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { activityScriptText } from './activity.js'
import { onProcessExit } from './cleanup.js'
import { harnessEnv } from './env.js'
import { renderInventory } from './inventory.js'
import { generateKeys, knownHostsName } from './keys.js'
import { ensureLoginUser } from './login-user.js'
import { freePort } from './ports.js'
import { killTree } from './processes.js'
import { findSshd, sshdVersion, startSshd, type RunningSshd } from './sshd.js'
import type { Harness, HarnessHost, HarnessOptions, InventoryOptions } from './types.js'
import { destroyHarnessDir, harnessBase, makeHarnessDir, reapStaleHarnesses } from './workdir.js'

export type { Harness, HarnessHost, HarnessOptions, InventoryOptions } from './types.js'
export { maxConcurrent } from './activity.js'

interface Planned {
  name: string
  address: string
  kind: 'healthy' | 'wrongKey' | 'down'
}

function count(value: number | undefined, what: string): number {
  const n = value ?? 0
  if (!Number.isInteger(n) || n < 0) throw new Error(`harness: ${what} must be a non-negative integer, got ${value}`)
  return n
}

/** Names and addresses: h1..hN on 127.0.1.1..N, then badkey1.., then down1.. on the next ones. */
function plan(options: HarnessOptions): Planned[] {
  const groups: [Planned['kind'], string, number][] = [
    ['healthy', 'h', count(options.hosts, 'hosts')],
    ['wrongKey', 'badkey', count(options.wrongKey, 'wrongKey')],
    ['down', 'down', count(options.down, 'down')],
  ]
  const planned: Planned[] = []
  for (const [kind, prefix, n] of groups) {
    for (let i = 1; i <= n; i++) planned.push({ kind, name: `${prefix}${i}`, address: `127.0.1.${planned.length + 1}` })
  }
  if (planned.length > 254) throw new Error(`harness: at most 254 hosts fit in 127.0.1.x, asked for ${planned.length}`)
  return planned
}

/**
 * Starts one sshd per healthy and wrongKey host, in parallel, and resolves once each one greets.
 * Whatever happens afterwards — a failing test, an exception, SIGINT/SIGTERM — every sshd dies
 * with this process; call stop() to tear down sooner.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const planned = plan(options)
  const sshd = findSshd()
  const version = sshdVersion(sshd)
  const user = ensureLoginUser()
  const base = harnessBase()
  reapStaleHarnesses(base)
  const dir = makeHarnessDir(base)

  const running = new Map<string, RunningSshd>()
  const unregister = onProcessExit(() => {
    for (const server of running.values()) if (server.child.pid) killTree(server.child.pid)
    destroyHarnessDir(dir)
  })

  let stopping: Promise<void> | undefined
  const stopOne = async (name: string): Promise<void> => {
    const server = running.get(name)
    if (!server) return
    running.delete(name)
    server.child.ref() // keep the event loop alive until the exit is seen
    if (server.child.pid) killTree(server.child.pid)
    await Promise.race([server.exited, sleep(3000)])
    server.child.unref()
  }
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await Promise.all([...running.keys()].map(stopOne))
      destroyHarnessDir(dir)
      unregister()
    })()
    return stopping
  }

  try {
    if (user.uid === 0 || process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })
    const home = join(dir, 'home')
    const sshDir = join(home, '.ssh')
    mkdirSync(sshDir, { recursive: true, mode: 0o700 })
    const clientKey = join(sshDir, 'id_ed25519')
    const knownHosts = join(sshDir, 'known_hosts')
    const authorizedKeys = join(dir, 'authorized_keys')
    const activityLog = join(dir, 'activity.log')
    const activityScript = join(dir, 'bin', 'activity')
    mkdirSync(join(dir, 'bin'), { mode: 0o755 })
    // Created here and chmod'ed because the umask would strip the world-write bit from mode.
    writeFileSync(activityLog, '')
    chmodSync(activityLog, 0o666)
    writeFileSync(activityScript, activityScriptText(activityLog))
    chmodSync(activityScript, 0o755)

    const hostDir = (name: string): string => join(dir, 'hosts', name)
    const scratch = (name: string): string => join(dir, 'scratch', name)
    for (const p of planned) {
      mkdirSync(hostDir(p.name), { recursive: true, mode: 0o755 })
      mkdirSync(scratch(p.name), { recursive: true, mode: 0o755 })
      chownSync(scratch(p.name), user.uid, user.gid)
    }

    const served = planned.filter((p) => p.kind !== 'down')
    const impostorKey = join(dir, 'impostor_key')
    const [clientPub, impostorPub, ...hostPubs] = await generateKeys([
      { path: clientKey, comment: 'drover-harness-client' },
      // What known_hosts claims for every wrongKey host: a real key, just not the one its sshd has.
      { path: impostorKey, comment: 'drover-harness-impostor' },
      ...served.map((p) => ({ path: join(hostDir(p.name), 'ssh_host_ed25519_key'), comment: p.name })),
    ])
    writeFileSync(authorizedKeys, `${clientPub}\n`, { mode: 0o644 })

    const [ports, downPorts] = await Promise.all([
      Promise.all(served.map(async (p) => {
        const server = await startSshd({
          sshd, version, name: p.name, address: p.address, dir: hostDir(p.name),
          hostKey: join(hostDir(p.name), 'ssh_host_ed25519_key'), authorizedKeys, user: user.name,
          env: { HARNESS_HOST: p.name, HARNESS_SCRATCH: scratch(p.name), HARNESS_ACTIVITY_LOG: activityLog },
        })
        running.set(p.name, server)
        return server.port
      })),
      // A reserved port on the host's own address, closed: connecting is refused.
      Promise.all(planned.filter((p) => p.kind === 'down').map((p) => freePort(p.address))),
    ])

    const toHost = (p: Planned, port: number): HarnessHost => ({ name: p.name, address: p.address, port, scratch: scratch(p.name) })
    const servedHosts = served.map((p, i) => toHost(p, ports[i]!))
    const downHosts = planned.filter((p) => p.kind === 'down').map((p, i) => toHost(p, downPorts[i]!))
    writeFileSync(knownHosts, servedHosts.map((h, i) =>
      `${knownHostsName(h.address, h.port)} ${served[i]!.kind === 'wrongKey' ? impostorPub : hostPubs[i]}\n`).join(''))

    const hosts = servedHosts.filter((_, i) => served[i]!.kind === 'healthy')
    const wrongKey = servedHosts.filter((_, i) => served[i]!.kind === 'wrongKey')
    const all = (): HarnessHost[] => [...hosts, ...wrongKey, ...downHosts]
    const logOf = (name: string): string => {
      if (!served.some((p) => p.name === name)) throw new Error(`harness: no sshd for host ${name}`)
      return join(hostDir(name), 'sshd.log')
    }

    return {
      dir, user: user.name, home, clientKey, knownHosts, activityLog, activityScript,
      hosts, down: downHosts, wrongKey, all,
      writeInventory(inv: InventoryOptions = {}): string {
        const file = inv.file === undefined ? join(dir, 'inventory.ini') : isAbsolute(inv.file) ? inv.file : join(dir, inv.file)
        writeFileSync(file, renderInventory(inv.hosts ?? all(), { user: user.name, clientKey }, inv.groups))
        return file
      },
      env: () => harnessEnv(home),
      sshdLog: logOf,
      acceptedConnections: (name) => readFileSync(logOf(name), 'utf8').split('\n').filter((l) => l.includes('Accepted publickey for ')).length,
      stopHost: async (name) => {
        logOf(name)
        await stopOne(name)
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
