import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DEPLOY_USER, DEBIAN_PACKAGES, DEBIAN_SUITE, debianMirror } from './packages.js'

/** Bumped when the build steps below change, so machines rebuild rather than reuse a stale rootfs. */
const BUILD_VERSION = 1

/** Machine-wide, so the ~1 min debootstrap happens once per package list, not per test run. */
export function rootfsCacheDir(): string {
  return process.env.DROVER_TEST_CACHE ?? '/var/cache/drover-test'
}

export function rootfsKey(packages: readonly string[]): string {
  const spec = JSON.stringify({ v: BUILD_VERSION, suite: DEBIAN_SUITE, variant: 'minbase', packages: [...new Set(packages)].sort() })
  return createHash('sha256').update(spec).digest('hex').slice(0, 16)
}

export class RootfsBuildError extends Error {
  readonly code = 'DEBIAN_ROOTFS_BUILD'
}

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`

/**
 * The build, as one shell script under an flock: a second process waits, then finds the rootfs
 * made. It is built in a temp dir and renamed into place, so a half-built tree is never used, and
 * it runs in its own mount namespace so whatever debootstrap mounts (proc, sys) cannot outlive it.
 */
function buildScript(dir: string, final: string, packages: readonly string[], mirror: string): string {
  const tmp = `${final}.building`
  return [
    'set -eu',
    `exec 9>${quote(join(dir, 'build.lock'))}`,
    'flock 9',
    `[ -d ${quote(final)} ] && exit 0`,
    `rm -rf ${quote(tmp)}`,
    `debootstrap --variant=minbase --include=${quote([...packages].join(','))} ${quote(DEBIAN_SUITE)} ${quote(tmp)} ${quote(mirror)}`,
    // Every host gets its own host keys; the ones made at build time must never be shared.
    `rm -f ${quote(tmp)}/etc/ssh/ssh_host_*`,
    `chroot ${quote(tmp)} apt-get clean`,
    // The non-root login for become tests. Password '*' (not useradd's '!'): sshd without PAM
    // refuses even key logins to a locked account.
    `chroot ${quote(tmp)} useradd --create-home --shell /bin/bash --password '*' ${DEPLOY_USER}`,
    `echo '${DEPLOY_USER} ALL=(ALL:ALL) NOPASSWD: ALL' >${quote(tmp)}/etc/sudoers.d/${DEPLOY_USER}`,
    `chmod 440 ${quote(tmp)}/etc/sudoers.d/${DEPLOY_USER}`,
    `mv ${quote(tmp)} ${quote(final)}`,
  ].join('\n')
}

/**
 * The cached root filesystem for `packages`, building it first if this machine has none. Only
 * root can build (debootstrap) or use it (namespaces, chroot).
 */
export async function ensureRootfs(packages: readonly string[] = DEBIAN_PACKAGES, log: (line: string) => void = () => {}): Promise<string> {
  const dir = rootfsCacheDir()
  const final = join(dir, `rootfs-${rootfsKey(packages)}`)
  if (existsSync(final)) return final
  mkdirSync(dir, { recursive: true, mode: 0o755 })
  const mirror = debianMirror()
  log(`debian-hosts: building ${final} from ${mirror} (once per machine, about a minute)`)
  const started = Date.now()
  const output: string[] = []
  const code = await new Promise<number>((resolve) => {
    const child = spawn('unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', buildScript(dir, final, packages, mirror)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LANG: 'C.UTF-8' },
    })
    const keep = (chunk: Buffer): void => {
      output.push(chunk.toString())
      if (output.length > 200) output.shift()
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', () => resolve(127))
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1)))
  })
  if (code !== 0 || !existsSync(final)) {
    throw new RootfsBuildError(`debian-hosts: building the rootfs failed (exit ${code}):\n${output.join('').slice(-4000)}`)
  }
  log(`debian-hosts: built ${final} in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  return final
}
