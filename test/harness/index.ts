import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { TEST_PASSWORD, ensureBecomeAccounts, setLoginPassword } from './accounts.js'
import { activityScriptText } from './activity.js'
import { startAgent, type RunningAgent } from './agent.js'
import { startBastion, type RunningBastion } from './bastion.js'
import { onProcessExit } from './cleanup.js'
import { harnessEnv } from './env.js'
import { renderInventory } from './inventory.js'
import { generateKeys, knownHostsName } from './keys.js'
import { ensureLoginUser } from './login-user.js'
import { freePort } from './ports.js'
import { isRunning, killAllAtOnce, killQuietly, killTree, killTrees, processTree } from './processes.js'
import type { Launcher } from './launcher.js'
import { findSshd, sshdVersion, startSshds, type RunningSshd, type SshdSpec } from './sshd.js'
import type { Harness, HarnessHost, HarnessOptions, InventoryOptions } from './types.js'
import { destroyHarnessDir, harnessBase, makeHarnessDir, reapStaleHarnesses } from './workdir.js'

export type { ExtraKeys, Harness, HarnessHost, HarnessOptions, InventoryOptions } from './types.js'
export { BECOME_PASSWORD, BECOME_USER, TEST_PASSWORD } from './accounts.js'

/** The passphrase of keys.ecdsaEncrypted. */
export const KEY_PASSPHRASE = 'drover-harness-passphrase'
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
  const version = sshdVersion(sshd) // runs while the user and dirs are set up
  const user = ensureLoginUser()
  const passwordHosts = count(options.passwordHosts, 'passwordHosts')
  if (options.become) ensureBecomeAccounts(user.name)
  else if (passwordHosts > 0) setLoginPassword(user.name)
  const agents: RunningAgent[] = []
  let bastionRun: RunningBastion | undefined
  const base = harnessBase()
  reapStaleHarnesses(base)
  const dir = makeHarnessDir(base)

  const running = new Map<string, RunningSshd>()
  const launchers: Launcher[] = []
  // A launcher shell's tree holds every sshd it started and their sessions, reported or not yet.
  const killLaunchers = (): void => {
    killTrees(launchers.flatMap((l) => (l.shell.pid ? [l.shell.pid] : [])))
    for (const agent of agents) if (agent.process.pid) killQuietly(agent.process.pid)
    if (bastionRun) killTrees(bastionRun.pids())
  }
  const unregister = onProcessExit(() => {
    killLaunchers()
    destroyHarnessDir(dir)
  })

  let stopping: Promise<void> | undefined
  const stopOne = async (name: string): Promise<void> => {
    const server = running.get(name)
    if (!server) return
    running.delete(name)
    killTree(server.pid)
    // Its launcher shell reaps it; wait so the caller sees the host as dead when this resolves.
    for (let i = 0; i < 300 && isRunning(server.pid); i++) await sleep(10)
  }
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      running.clear()
      await bastionRun?.stop()
      // Kill the sshds but not their shells, which reap them and then exit: no zombies left behind.
      killTrees(launchers.flatMap((l) => [...l.pids.values()]))
      for (const launcher of launchers) launcher.shell.ref() // keep the event loop until they are seen to exit
      await Promise.race([Promise.all(launchers.map((l) => l.exited)), sleep(3000)])
      for (const launcher of launchers) launcher.shell.unref()
      killLaunchers()
      destroyHarnessDir(dir)
      unregister()
    })()
    return stopping
  }

  try {
    // Debian's sshd needs its privilege separation dir, which only its (unused) service creates.
    if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })
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
    const release = await version
    const specs: SshdSpec[] = served.map((p) => ({
      sshd, version: release, name: p.name, address: p.address, dir: hostDir(p.name),
      hostKey: join(hostDir(p.name), 'ssh_host_ed25519_key'), authorizedKeys, user: user.name,
      env: { HARNESS_HOST: p.name, HARNESS_SCRATCH: scratch(p.name), HARNESS_ACTIVITY_LOG: activityLog },
      passwordLogin: p.kind === 'healthy' && Number(p.name.slice(1)) <= passwordHosts,
    }))
    const bastionPlan = options.bastion
      ? [{ name: 'bastion', address: `127.0.1.${planned.length + 1}` }, { name: 'inner1', address: `127.0.1.${planned.length + 2}` }]
      : []
    const bastionSpecs: SshdSpec[] = bastionPlan.map((p) => {
      mkdirSync(hostDir(p.name), { recursive: true, mode: 0o755 })
      mkdirSync(scratch(p.name), { recursive: true, mode: 0o755 })
      chownSync(scratch(p.name), user.uid, user.gid)
      return {
        sshd, version: release, name: p.name, address: p.address,
        dir: hostDir(p.name), hostKey: join(hostDir(p.name), 'ssh_host_ed25519_key'), authorizedKeys, user: user.name,
        env: { HARNESS_HOST: p.name, HARNESS_SCRATCH: scratch(p.name), HARNESS_ACTIVITY_LOG: activityLog },
      }
    })
    const keyDir = join(dir, 'keys')
    mkdirSync(keyDir, { mode: 0o700 })
    const extra = options.extraKeys
      ? { rsa: join(keyDir, 'id_rsa'), ecdsaEncrypted: join(keyDir, 'id_ecdsa_encrypted'), agent: join(keyDir, 'id_agent'), unauthorized: join(keyDir, 'id_unauthorized') }
      : undefined
    // allSettled: even when one part fails, everything started must be known before stop() runs.
    const [keys, started, reserved] = await Promise.allSettled([
      generateKeys([
        { path: clientKey, comment: 'drover-harness-client' },
        // What known_hosts claims for every wrongKey host: a real key, just not the one its sshd has.
        { path: impostorKey, comment: 'drover-harness-impostor' },
        ...(extra
          ? [
              { path: extra.rsa, comment: 'drover-harness-rsa', type: 'rsa' as const },
              { path: extra.ecdsaEncrypted, comment: 'drover-harness-ecdsa', type: 'ecdsa' as const, passphrase: KEY_PASSPHRASE },
              { path: extra.agent, comment: 'drover-harness-agent' },
              { path: extra.unauthorized, comment: 'drover-harness-unauthorized' },
            ]
          : []),
        ...bastionSpecs.map((spec) => ({ path: spec.hostKey, comment: spec.name })),
      ]),
      startSshds(specs, dir, (launcher) => launchers.push(launcher)),
      // A reserved port on the host's own address, closed: connecting is refused.
      Promise.all(planned.filter((p) => p.kind === 'down').map((p) => freePort(p.address))),
    ])
    for (const s of [keys, started, reserved]) if (s.status === 'rejected') throw s.reason
    const [clientPub, impostorPub, ...extraPubs] = (keys as PromiseFulfilledResult<string[]>).value
    const bastionPubs = extraPubs.splice(extraPubs.length - bastionSpecs.length)
    const downPorts = (reserved as PromiseFulfilledResult<number[]>).value
    const ports = (started as PromiseFulfilledResult<PromiseSettledResult<RunningSshd>[]>).value.map((s, i) => {
      if (s.status === 'rejected') throw s.reason
      running.set(served[i]!.name, s.value)
      return s.value.port
    })
    // The unauthorized key (the last extra one) is deliberately left out.
    writeFileSync(authorizedKeys, [clientPub, ...extraPubs.slice(0, 3)].map((k) => `${k}\n`).join(''), { mode: 0o644 })
    const hostPubs = await Promise.all(specs.map(async (spec) =>
      (await readFile(`${spec.hostKey}.pub`, 'utf8')).split(/\s+/).slice(0, 2).join(' ')))

    const toHost = (p: Planned, port: number): HarnessHost => ({ name: p.name, address: p.address, port, scratch: scratch(p.name) })
    const servedHosts = served.map((p, i) => toHost(p, ports[i]!))
    const downHosts = planned.filter((p) => p.kind === 'down').map((p, i) => toHost(p, downPorts[i]!))
    writeFileSync(knownHosts, servedHosts.map((h, i) =>
      `${knownHostsName(h.address, h.port)} ${served[i]!.kind === 'wrongKey' ? impostorPub : hostPubs[i]}\n`).join(''))

    if (bastionSpecs.length) {
      // authorized_keys is written above: the bastion's sessions read it at each login.
      bastionRun = await startBastion(bastionSpecs[0]!, bastionSpecs[1]!)
    }
    const bastionHosts = bastionSpecs.map((spec, i) => ({
      name: spec.name, address: spec.address, port: i === 0 ? bastionRun!.bastionPort : bastionRun!.innerPort, scratch: scratch(spec.name),
    }))
    writeFileSync(knownHosts, bastionHosts.map((h, i) => `${knownHostsName(h.address, h.port)} ${bastionPubs[i]}\n`).join(''), { flag: 'a' })

    const hosts = servedHosts.filter((_, i) => served[i]!.kind === 'healthy')
    const wrongKey = servedHosts.filter((_, i) => served[i]!.kind === 'wrongKey')
    const all = (): HarnessHost[] => [...hosts, ...wrongKey, ...downHosts]
    const logOf = (name: string): string => {
      if (!served.some((p) => p.name === name) && !bastionSpecs.some((p) => p.name === name)) throw new Error(`harness: no sshd for host ${name}`)
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
      keys: extra,
      bastion: bastionHosts[0],
      inner: bastionHosts[1],
      password: options.become || passwordHosts > 0 ? TEST_PASSWORD : undefined,
      startAgent: async () => {
        if (!extra) throw new Error('harness: startAgent needs extraKeys: true')
        const agent = await startAgent(join(dir, `agent-${agents.length}.sock`), [extra.agent])
        agents.push(agent)
        return agent.socket
      },
      hostPublicKey: (name) => {
        const i = specs.findIndex((spec) => spec.name === name)
        if (i < 0) throw new Error(`harness: no sshd for host ${name}`)
        return hostPubs[i]!
      },
      sshdLog: logOf,
      acceptedConnections: (name) => readFileSync(logOf(name), 'utf8').split('\n').filter((l) => l.includes('Accepted publickey for ')).length,
      stopHost: async (name) => {
        logOf(name)
        await stopOne(name)
      },
      dropSessions: async (name) => {
        logOf(name)
        const pid = running.get(name)?.pid
        if (pid === undefined) return
        const sessions = processTree(pid).slice(1)
        killAllAtOnce(sessions)
        // The listener reaps them; wait so the caller sees the drop as done.
        for (let i = 0; i < 100 && sessions.some(isRunning); i++) await sleep(10)
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
