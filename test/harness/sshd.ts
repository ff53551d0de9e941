import { execFile } from 'node:child_process'
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { waitForBanner } from './banner.js'
import { launch, type LaunchItem, type Launcher } from './launcher.js'
import { freePort } from './ports.js'
import { isRunning, killTree } from './processes.js'

/**
 * sshd must be started by absolute path (it re-executes itself per connection and refuses
 * otherwise), and /usr/sbin is often not on a non-root PATH, so look there too.
 */
export function findSshd(): string {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/sbin']
  for (const dir of dirs) {
    if (!dir.startsWith('/')) continue
    const candidate = join(dir, 'sshd')
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // keep looking
    }
  }
  throw new Error('harness: sshd not found; install it with: apt-get install -y openssh-server')
}

/** [major, minor] of the OpenSSH sshd at `path`, to use options only where they exist. */
export function sshdVersion(path: string): Promise<[number, number]> {
  return new Promise((resolve) => {
    // Older sshd has no -V and prints the version in its usage text, exiting non-zero: parse either.
    execFile(path, ['-V'], (_error, stdout, stderr) => {
      const match = /OpenSSH_(\d+)\.(\d+)/.exec(`${stderr}${stdout}`)
      resolve(match ? [Number(match[1]), Number(match[2])] : [0, 0])
    })
  })
}

export interface SshdSpec {
  sshd: string
  version: [number, number]
  name: string
  address: string
  /** This host's private directory: config, pid file and log go here. */
  dir: string
  hostKey: string
  authorizedKeys: string
  user: string
  /** Exported to every session, so remote commands know which "host" they run on. */
  env: Record<string, string>
  /** Also accept passwords and keyboard-interactive (the latter needs PAM, so PAM is on). */
  passwordLogin?: boolean
}

export function sshdConfig(spec: SshdSpec, port: number): string {
  const [major, minor] = spec.version
  const lines = [
    `ListenAddress ${spec.address}:${port}`,
    `HostKey ${spec.hostKey}`,
    `PidFile ${join(spec.dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${spec.authorizedKeys}`,
    // The harness dir lives under a world-writable /tmp, which StrictModes would reject.
    'StrictModes no',
    ...(spec.passwordLogin
      ? ['UsePAM yes', 'PasswordAuthentication yes', 'KbdInteractiveAuthentication yes', 'AuthenticationMethods any']
      : ['UsePAM no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'AuthenticationMethods publickey']),
    'PubkeyAuthentication yes',
    'PermitRootLogin no',
    `AllowUsers ${spec.user}`,
    'LogLevel VERBOSE',
    // Generous limits: drover opens several channels per connection and many hosts at once.
    'MaxSessions 64',
    'MaxStartups 256',
    'MaxAuthTries 16',
    'LoginGraceTime 30',
    'UseDNS no',
    'PrintMotd no',
    'PrintLastLog no',
    'Subsystem sftp internal-sftp',
    `SetEnv ${Object.entries(spec.env).map(([k, v]) => `${k}=${v}`).join(' ')}`,
  ]
  // OpenSSH 9.8 penalises sources that fail auth or drop early; tests do both on purpose.
  if (major > 9 || (major === 9 && minor >= 8)) lines.push('PerSourcePenalties no')
  return `${lines.join('\n')}\n`
}

export interface RunningSshd {
  name: string
  port: number
  pid: number
  log: string
}

const BIND_FAILED = /Bind to port \d+ on .* failed|Cannot bind any address|Address already in use/
const NO_PRIVSEP_DIR = /Missing privilege separation directory: (\S+)/
const ATTEMPTS = 5

/**
 * Starts one sshd per spec (generating its host key first), all at once, each on a free port, and
 * resolves once each one sends its SSH banner. A host whose port was taken meanwhile is retried on
 * another one. Every launcher shell is passed to `track` as soon as it exists, so a teardown that
 * runs while this is still in progress can kill what it started.
 */
export async function startSshds(
  specs: SshdSpec[],
  logDir: string,
  track: (launcher: Launcher) => void,
): Promise<PromiseSettledResult<RunningSshd>[]> {
  const results = new Map<string, PromiseSettledResult<RunningSshd>>()
  let pending = specs
  for (let attempt = 0; attempt < ATTEMPTS && pending.length > 0; attempt++) {
    const ports = await Promise.all(pending.map((spec) => freePort(spec.address)))
    const items: LaunchItem[] = pending.map((spec, i) => {
      const item = { name: spec.name, hostKey: spec.hostKey, generateKey: attempt === 0,
        config: join(spec.dir, 'sshd_config'), log: join(spec.dir, 'sshd.log') }
      writeFileSync(item.config, sshdConfig(spec, ports[i]!))
      writeFileSync(item.log, '')
      return item
    })
    const errorLog = join(logDir, `launch-${attempt}.log`)
    const launcher = launch(pending[0]!.sshd, items, errorLog)
    track(launcher)
    const retry: SshdSpec[] = []
    await Promise.all(pending.map(async (spec, i) => {
      const port = ports[i]!
      const gaveUp = (): boolean => {
        const pid = launcher.pids.get(spec.name)
        return launcher.isExited() || (pid !== undefined && !isRunning(pid))
      }
      if (await waitForBanner(spec.address, port, gaveUp)) {
        results.set(spec.name, { status: 'fulfilled', value: { name: spec.name, port, pid: launcher.pids.get(spec.name)!, log: items[i]!.log } })
        return
      }
      const pid = launcher.pids.get(spec.name)
      if (pid !== undefined) killTree(pid)
      const log = readFileSync(items[i]!.log, 'utf8')
      const privsep = NO_PRIVSEP_DIR.exec(log)
      // Debian's package creates /run/sshd only when its service starts, which we never do.
      if (privsep) mkdirSync(privsep[1]!, { recursive: true, mode: 0o755 })
      if ((privsep || BIND_FAILED.test(log)) && attempt < ATTEMPTS - 1) {
        retry.push(spec)
        return
      }
      const launchErrors = readLog(errorLog)
      results.set(spec.name, { status: 'rejected', reason: new Error(
        `harness: sshd for ${spec.name} did not start; its log:\n${log.trim() || '(empty)'}` +
        (launchErrors ? `\nlauncher stderr:\n${launchErrors}` : '')) })
    }))
    pending = retry
  }
  return specs.map((spec) => results.get(spec.name)!)
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return ''
  }
}
