import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { waitForBanner } from './banner.js'
import { freePort } from './ports.js'

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
export function sshdVersion(path: string): [number, number] {
  // Older sshd has no -V and prints the version in its usage text instead: parse either.
  const result = spawnSync(path, ['-V'], { encoding: 'utf8' })
  const match = /OpenSSH_(\d+)\.(\d+)/.exec(`${result.stderr}${result.stdout}`)
  return match ? [Number(match[1]), Number(match[2])] : [0, 0]
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
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'AuthenticationMethods publickey',
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
  port: number
  child: ChildProcess
  log: string
  exited: Promise<void>
}

const BIND_FAILED = /Bind to port \d+ on .* failed|Cannot bind any address|Address already in use/
const NO_PRIVSEP_DIR = /Missing privilege separation directory: (\S+)/

/**
 * Starts `sshd -D -e` for one host on a free port and resolves once it sends its banner.
 * Retries with another port if the one picked was taken meanwhile.
 */
export async function startSshd(spec: SshdSpec): Promise<RunningSshd> {
  const config = join(spec.dir, 'sshd_config')
  const log = join(spec.dir, 'sshd.log')
  let lastLog = ''
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort(spec.address)
    writeFileSync(config, sshdConfig(spec, port))
    writeFileSync(log, '')
    const child = spawn(spec.sshd, ['-D', '-e', '-f', config, '-E', log], { stdio: 'ignore' })
    // A forgotten stop() must not keep the test process alive; the exit hook still kills it.
    child.unref()
    let gone = false
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        gone = true
        resolve()
      })
      child.once('error', () => {
        gone = true
        resolve()
      })
    })
    if (await waitForBanner(spec.address, port, () => gone)) return { port, child, log, exited }
    child.kill('SIGKILL')
    await exited
    lastLog = readFileSync(log, 'utf8')
    const privsep = NO_PRIVSEP_DIR.exec(lastLog)
    if (privsep) {
      // Debian's package creates /run/sshd only when its service starts, which we never do.
      mkdirSync(privsep[1]!, { recursive: true, mode: 0o755 })
      continue
    }
    if (!BIND_FAILED.test(lastLog)) break
  }
  throw new Error(`harness: sshd for ${spec.name} did not start; its log:\n${lastLog.trim() || '(empty)'}`)
}
