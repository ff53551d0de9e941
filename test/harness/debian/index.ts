import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { waitForBanner } from '../banner.js'
import { onProcessExit } from '../cleanup.js'
import { harnessEnv } from '../env.js'
import { generateKeys, knownHostsName } from '../keys.js'
import { freePort } from '../ports.js'
import { isRunning, killQuietly, processTree } from '../processes.js'
import { launchHost, prepareUpper } from './host.js'
import { DEBIAN_PACKAGES, SYSTEMD_PACKAGES } from './packages.js'
import { ensureRootfs } from './rootfs.js'
import { cgroup2Root, runCgroup } from './systemd.js'
import type { DebianHost, DebianHosts, DebianHostsOptions, DebianInventoryOptions, ExecResult } from './types.js'
import { destroyRunDir, makeRunDir, reapStaleRunDirs } from './workdir.js'

export type { DebianHost, DebianHosts, DebianHostsOptions, DebianInventoryOptions, ExecResult } from './types.js'
export { DEBIAN_PACKAGES, DEPLOY_USER, RECORDING_PACKAGES, SYSTEMD_PACKAGES } from './packages.js'
export { debianHostsAvailable, debianHostsSkip } from './available.js'
export { DEMO_UNIT, SYSV_DEMO_SCRIPT } from './systemd.js'
export { ensureRootfs } from './rootfs.js'

/** The file the hosts' init rewrites at every (simulated) boot: `boot_time_command: cat /run/drover-boot-id`. */
export const BOOT_ID_FILE = '/run/drover-boot-id'

/**
 * Addresses 127.0.1.201.. (systemd hosts 127.0.1.241..): the plain harness counts up from
 * 127.0.1.1, so they never share one; every host also has a port of its own.
 */
const FIRST_OCTET = 201
const MAX_HOSTS = 40
const FIRST_SYSTEMD_OCTET = 241
const MAX_SYSTEMD_HOSTS = 14

export class DebianHostError extends Error {
  readonly code = 'DEBIAN_HOST'
}

interface Running {
  host: DebianHost
  dir: string
  unshare: ReturnType<typeof launchHost>
  initPid: number
}

/** The namespace's PID 1: unshare's only child, once it has forked it. */
async function findInit(unsharePid: number, exited: () => boolean): Promise<number> {
  for (let i = 0; i < 500 && !exited(); i++) {
    // unshare's child whose PID in its own namespace is 1 (not a helper forked before unshare ran).
    const child = processTree(unsharePid).slice(1).find((pid) => /^NSpid:\s.*\s1$/m.test(readStatus(pid)))
    if (child !== undefined) return child
    await sleep(10)
  }
  throw new DebianHostError(`debian-hosts: unshare (pid ${unsharePid}) started no namespace init`)
}

function readStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return ''
  }
}

function renderValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * Starts `hosts` disposable Debian machines (deb1..debN), each a copy of the cached rootfs running
 * its own sshd in its own mount/PID/UTS/IPC namespaces. Root logs in with the client key. Whatever
 * happens afterwards, every host dies with this process; call stop() to tear down sooner.
 * `systemd: true` boots Debian's systemd as PID 1 instead (systemd.ts) and returns once it is running.
 */
export async function startDebianHosts(options: DebianHostsOptions): Promise<DebianHosts> {
  const count = options.hosts
  const systemd = options.systemd === true
  const max = systemd ? MAX_SYSTEMD_HOSTS : MAX_HOSTS
  if (!Number.isInteger(count) || count < 1 || count > max) throw new DebianHostError(`debian-hosts: hosts must be 1..${max}, got ${count}`)
  if (systemd && cgroup2Root() === undefined) throw new DebianHostError('debian-hosts: systemd hosts need a cgroup v2 hierarchy (/sys/fs/cgroup or /sys/fs/cgroup/unified)')
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const lower = await ensureRootfs(options.packages ?? (systemd ? SYSTEMD_PACKAGES : DEBIAN_PACKAGES), log)
  const started = Date.now()
  reapStaleRunDirs()
  const dir = makeRunDir()
  const cgroup = systemd ? runCgroup(dir) : undefined
  const running = new Map<string, Running>()
  const killAll = (): void => {
    // SIGKILL to a namespace's PID 1 from outside kills everything in it; unshare then exits.
    for (const r of running.values()) {
      if (r.initPid) killQuietly(r.initPid)
      if (r.unshare.pid) killQuietly(r.unshare.pid)
    }
  }
  const unregister = onProcessExit(() => {
    killAll()
    destroyRunDir(dir)
  })
  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const unshares = [...running.values()].map((r) => r.unshare)
      killAll()
      for (let i = 0; i < 300 && unshares.some((u) => u.pid !== undefined && isRunning(u.pid)); i++) await sleep(10)
      running.clear()
      destroyRunDir(dir)
      unregister()
    })()
    return stopping
  }

  try {
    const home = join(dir, 'home')
    mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 })
    const clientKey = join(home, '.ssh', 'id_ed25519')
    const knownHosts = join(home, '.ssh', 'known_hosts')
    const names = Array.from({ length: count }, (_, i) => ({ name: `deb${i + 1}`, address: `127.0.1.${(systemd ? FIRST_SYSTEMD_OCTET : FIRST_OCTET) + i}` }))
    const hostDir = (name: string): string => join(dir, 'hosts', name)
    for (const n of names) mkdirSync(join(hostDir(n.name), 'upper', 'etc', 'ssh'), { recursive: true, mode: 0o755 })
    const hostKey = (name: string): string => join(hostDir(name), 'upper', 'etc', 'ssh', 'ssh_host_ed25519_key')
    const [pubs, ports] = await Promise.all([
      generateKeys([{ path: clientKey, comment: 'drover-debian-client' }, ...names.map((n) => ({ path: hostKey(n.name), comment: n.name }))]),
      Promise.all(names.map((n) => freePort(n.address))),
    ])
    const [clientPub, ...hostPubs] = pubs
    const hosts: DebianHost[] = []
    for (const [i, n] of names.entries()) {
      const spec = { ...n, port: ports[i]!, dir: hostDir(n.name), lower, clientPub: clientPub!, ...(cgroup ? { systemdCgroup: join(cgroup, n.name) } : {}) }
      prepareUpper(spec, join(spec.dir, 'upper'))
      const unshare = launchHost(spec)
      const host: DebianHost = { name: n.name, address: n.address, port: spec.port, root: '' }
      running.set(n.name, { host, dir: spec.dir, unshare, initPid: 0 })
      hosts.push(host)
    }
    await Promise.all(hosts.map(async (host) => {
      const r = running.get(host.name)!
      let exited = false
      r.unshare.once('exit', () => { exited = true })
      r.initPid = await findInit(r.unshare.pid!, () => exited)
      host.root = `/proc/${r.initPid}/root`
      if (!(await waitForBanner(host.address, host.port, () => exited, systemd ? 60_000 : 30_000))) {
        // systemd logs to its journal, not the console: the end of it says why sshd is not there.
        const journal = systemd && !exited ? (await execIn(r.initPid, 'journalctl -b --no-pager | tail -60', undefined, true)).stdout : ''
        throw new DebianHostError(`debian-hosts: ${host.name} (${host.address}:${host.port}) never greeted; console:\n${consoleOf(r.dir)}${journal ? `\njournal:\n${journal}` : ''}`)
      }
      if (systemd) {
        // Boot is over (no unit still starting that a test could race) and nothing failed.
        const boot = await execIn(r.initPid, 's=$(systemctl is-system-running --wait); echo "$s"; [ "$s" = running ] || { systemctl --failed --no-legend; journalctl -b --no-pager -p warning | tail -20; }', undefined, true)
        if (!boot.stdout.startsWith('running\n')) throw new DebianHostError(`debian-hosts: ${host.name}'s systemd did not reach running:\n${boot.stdout}${boot.stderr}`)
      }
    }))
    writeFileSync(knownHosts, hosts.map((h, i) => `${knownHostsName(h.address, h.port)} ${hostPubs[i]}\n`).join(''))
    const mode = readFileSync(join(hostDir('deb1'), 'mode'), 'utf8').trim() === 'overlay' ? 'overlay' : 'copy'
    const get = (name: string): Running => {
      const r = running.get(name)
      if (!r) throw new DebianHostError(`debian-hosts: no running host ${name}`)
      return r
    }

    return {
      hosts, dir, home, clientKey, knownHosts, mode, systemd, startMs: Date.now() - started,
      writeInventory(inv: DebianInventoryOptions = {}): string {
        const file = inv.file === undefined ? join(dir, 'inventory.ini') : isAbsolute(inv.file) ? inv.file : join(dir, inv.file)
        const known = new Set(hosts.map((h) => h.name))
        const lines = hosts.map((h) =>
          `${h.name} ansible_host=${h.address} ansible_port=${h.port} ansible_user=${inv.user ?? 'root'} ansible_ssh_private_key_file=${clientKey}`)
        for (const [group, members] of Object.entries(inv.groups ?? {})) {
          const unknown = members.filter((m) => !known.has(m))
          if (unknown.length) throw new DebianHostError(`debian-hosts: group ${group} names unknown hosts: ${unknown.join(', ')}`)
          lines.push('', `[${group}]`, ...members)
        }
        const vars = Object.entries(inv.vars ?? {})
        if (vars.length) lines.push('', '[all:vars]', ...vars.map(([k, v]) => `${k}=${renderValue(v)}`))
        writeFileSync(file, `${lines.join('\n')}\n`)
        return file
      },
      env: () => harnessEnv(home),
      exec: (name, command, execOptions = {}) => execIn(get(name).initPid, command, execOptions.input, systemd),
      initPid: (name) => get(name).initPid,
      consoleLog: (name) => join(get(name).dir, 'console.log'),
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

function consoleOf(dir: string): string {
  try {
    return readFileSync(join(dir, 'console.log'), 'utf8').slice(-3000)
  } catch {
    return '(no console log)'
  }
}

/** Runs `command` with /bin/sh as root inside the host's namespaces and root, without ssh. */
function execIn(initPid: number, command: string, input?: string, cgroupNs = false): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'nsenter',
      ['--target', String(initPid), '--mount', '--uts', '--ipc', '--pid', ...(cgroupNs ? ['--cgroup'] : []), '--root', '--wd', '/bin/sh', '-c', command],
      { env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', LANG: 'C.UTF-8' }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ stdout: String(stdout), stderr: String(stderr), code })
      },
    )
    // A command that exits without reading its input closes the pipe first: its exit status is the
    // result, so EPIPE on the write is expected, not an error.
    child.stdin?.on('error', () => undefined)
    child.stdin?.end(input ?? '')
  })
}
