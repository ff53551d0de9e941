import { accessSync, constants, existsSync } from 'node:fs'
import { join } from 'node:path'
import { DEBIAN_PACKAGES, SYSTEMD_PACKAGES } from './packages.js'
import { rootfsCacheDir, rootfsKey } from './rootfs.js'
import { cgroup2Root } from './systemd.js'

export type Availability = { ok: true } | { ok: false; reason: string }

function onPath(command: string): boolean {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin', '/usr/bin', '/bin']) {
    if (!dir.startsWith('/')) continue
    try {
      accessSync(join(dir, command), constants.X_OK)
      return true
    } catch {
      // keep looking
    }
  }
  return false
}

/**
 * Whether disposable Debian hosts can run here: root (namespaces, mounts, chroot), Linux, the
 * util-linux tools, and debootstrap unless the rootfs is already cached.
 */
export function debianHostsAvailable(options: { needRootfs?: boolean; packages?: readonly string[]; systemd?: boolean } = {}): Availability {
  if (process.platform !== 'linux') return { ok: false, reason: 'debian hosts need Linux (namespaces)' }
  if (process.getuid?.() !== 0) return { ok: false, reason: 'debian hosts need root (unshare, mount, chroot)' }
  for (const tool of ['unshare', 'nsenter', 'chroot', 'mount', 'flock', 'ssh-keygen', ...(options.systemd ? ['pivot_root'] : [])]) {
    if (!onPath(tool)) return { ok: false, reason: `debian hosts need ${tool} on PATH` }
  }
  // systemd as PID 1 gets a cgroup v2 subtree of its own (unified or hybrid layout; pure v1 will not do).
  if (options.systemd && cgroup2Root() === undefined) return { ok: false, reason: 'systemd hosts need a cgroup v2 hierarchy at /sys/fs/cgroup or /sys/fs/cgroup/unified' }
  const cached = existsSync(join(rootfsCacheDir(), `rootfs-${rootfsKey(options.packages ?? (options.systemd ? SYSTEMD_PACKAGES : DEBIAN_PACKAGES))}`))
  if (!cached && !onPath('debootstrap')) {
    return { ok: false, reason: 'debian hosts need debootstrap to build their rootfs: apt-get install -y debootstrap' }
  }
  return { ok: true }
}

/**
 * For `describe(name, { skip: debianHostsSkip() }, …)`: false when hosts can run, else the reason
 * to skip. Under CI=true a missing prerequisite is a failure, not a skip: it throws.
 */
export function debianHostsSkip(options: { packages?: readonly string[]; systemd?: boolean } = {}): false | string {
  const available = debianHostsAvailable(options)
  if (available.ok) return false
  if (process.env.CI === 'true') throw new Error(`CI=true: ${available.reason}`)
  return available.reason
}
