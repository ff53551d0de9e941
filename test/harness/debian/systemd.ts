/**
 * Hosts that boot Debian's systemd as PID 1 (`startDebianHosts({ systemd: true })`), so the
 * systemd and service modules run against a real service manager, never the controller's.
 *
 * What nspawn would do, by hand: each host gets its own cgroup (a cgroup v2 dir under the machine's
 * unified hierarchy), its own cgroup, mount, PID, UTS and IPC namespaces, a cgroup2 mount at
 * /sys/fs/cgroup that shows only its own subtree (systemd runs in unified mode, whatever the
 * controller's layout), a read-only /sys and /proc/sys (the kernel's tunables stay the controller's),
 * and pivot_root into the overlay. The network is the controller's: sshd listens on the host's own
 * loopback address, and nothing that configures the network runs inside.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { DEV_AND_RUN, MOUNT_ROOT } from './init.js'

/**
 * The controller's cgroup v2 hierarchy: /sys/fs/cgroup on a unified machine, /sys/fs/cgroup/unified
 * on a hybrid one, undefined where there is none (pure cgroup v1: systemd hosts cannot run).
 */
export function cgroup2Root(): string | undefined {
  let mounts: string
  try {
    mounts = readFileSync('/proc/self/mounts', 'utf8')
  } catch {
    return undefined
  }
  const points = mounts.split('\n').map((l) => l.split(' ')).filter((f) => f[2] === 'cgroup2').map((f) => f[1]!)
  return ['/sys/fs/cgroup', '/sys/fs/cgroup/unified'].find((p) => points.includes(p))
}

/** All systemd hosts' cgroups live under this dir of the cgroup2 hierarchy, one dir per run dir. */
export const CGROUP_PARENT = 'drover-test'

/** The cgroup of the hosts started from run dir `dir` (hosts are its children), or undefined without cgroup v2. */
export function runCgroup(dir: string): string | undefined {
  const root = cgroup2Root()
  return root === undefined ? undefined : join(root, CGROUP_PARENT, basename(dir))
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function subdirs(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(path, e.name))
  } catch {
    return []
  }
}

/** Removes `path` and every cgroup below it, deepest first; false if one is still busy. */
function removeTree(path: string): boolean {
  let ok = true
  for (const sub of subdirs(path)) ok = removeTree(sub) && ok
  try {
    rmdirSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') ok = false
  }
  return ok
}

/**
 * Kills every process left in the cgroup `path` (cgroup.kill, Linux 5.14+; a SIGKILL to each pid
 * otherwise) and removes it with everything below. Synchronous: it also runs from the exit hook.
 */
export function destroyCgroup(path: string | undefined): void {
  if (path === undefined || !existsSync(path)) return
  for (let i = 0; i < 300; i++) {
    try {
      writeFileSync(join(path, 'cgroup.kill'), '1')
    } catch {
      for (const pid of cgroupPids(path)) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // gone
        }
      }
    }
    if (removeTree(path)) return
    sleepSync(10)
  }
}

function cgroupPids(path: string): number[] {
  const pids: number[] = []
  try {
    pids.push(...readFileSync(join(path, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number))
  } catch {
    // gone
  }
  for (const sub of subdirs(path)) pids.push(...cgroupPids(sub))
  return pids
}

/** Makes a host's cgroup; retried, as another run may remove the shared parent dir at the same moment. */
export function makeCgroup(path: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(path, { recursive: true })
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw error
    }
  }
}

/** Removes the parent dir of all runs' cgroups once no run uses it (best effort). */
export function removeCgroupParentIfEmpty(): void {
  const root = cgroup2Root()
  if (root === undefined) return
  try {
    rmdirSync(join(root, CGROUP_PARENT))
  } catch {
    // in use by another run, or absent
  }
}

/**
 * Run by `sh` on the controller: moves itself into the host's fresh cgroup (made by launchHost),
 * then execs unshare, whose new cgroup namespace is rooted there. Forks nothing, so unshare keeps
 * the pid node spawned. Arguments: cgroup dir, then unshare's command line.
 */
export const CGROUP_WRAPPER = `set -eu
echo $$ >"$1/cgroup.procs"
shift
exec "$@"
`

/**
 * PID 1 of the host's new namespaces until it execs systemd: mounts the root (overlay, or a copy
 * bind-mounted onto itself), the API filesystems systemd expects from a container manager, then
 * pivot_root so nothing of the controller's filesystem stays visible inside.
 * Arguments: lower dir, host dir (upper/, work/, merged/, console.log), hostname.
 */
export const SYSTEMD_SETUP_SCRIPT = `${MOUNT_ROOT}# pivot_root needs the root to be a mount point, which a copy is not until bound onto itself.
if [ "$(cat "$dir/mode")" = copy ]; then mount --bind "$root" "$root"; fi
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
# The kernel's tunables are the controller's: read-only inside, as systemd-nspawn makes them
# (systemd-sysctl, binfmt and PID 1's own writes there are skipped or fail harmlessly).
for p in sys sysrq-trigger; do
  [ -e "$root/proc/$p" ] || continue
  mount --bind "$root/proc/$p" "$root/proc/$p"
  mount -o remount,bind,ro "$root/proc/$p"
done
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
# In the new cgroup namespace this shows only the host's own cgroup: systemd runs in unified mode.
mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$root/sys/fs/cgroup"
${DEV_AND_RUN}# /dev/console is the host's console.log (systemd itself logs to its journal: journalctl inside).
: >"$root/dev/console"
mount --bind "$dir/console.log" "$root/dev/console"
hostname "$name"
mkdir -p "$root/run/drover-oldroot"
cd "$root"
pivot_root . run/drover-oldroot
exec chroot . /bin/sh -c 'umount -l /run/drover-oldroot && rmdir /run/drover-oldroot && exec /lib/systemd/systemd'
`

/** Units a container does not need: masked in each host (symlinks to /dev/null in /etc/systemd/system). */
export const MASKED_UNITS: readonly string[] = [
  'console-getty.service', // /dev/console is a log file here
  'getty@tty1.service',
  'systemd-logind.service', // sshd runs without PAM: no sessions to track
  'systemd-journald-audit.socket', // the kernel's audit stream is the controller's
  'systemd-modules-load.service', // the kernel is the controller's: no module loading
  'modprobe@.service',
  'systemd-random-seed.service', // would feed the controller's /dev/urandom
  'systemd-pstore.service',
  'systemd-hwdb-update.service',
  'e2scrub_reap.service',
  'systemd-sysctl.service', // /proc/sys is read-only anyway
  'systemd-binfmt.service',
  'proc-sys-fs-binfmt_misc.automount',
  'systemd-timesyncd.service',
  'systemd-networkd.service',
  'systemd-resolved.service',
  'sys-kernel-debug.mount', // the kernel's debug and trace files are the controller's
  'sys-kernel-tracing.mount',
  'sys-kernel-config.mount',
  'sys-fs-fuse-connections.mount',
  'dev-hugepages.mount',
  'apt-daily.timer', // nothing may run apt behind a test's back
  'apt-daily-upgrade.timer',
  'e2scrub_all.timer',
  'fstrim.timer',
]

/**
 * drover-demo.service: a unit for tests to start, stop, reload, enable and mask. Installed in every
 * systemd host, disabled and stopped at boot. Reload appends a line to /run/drover-demo.reloads.
 */
export const DEMO_UNIT = `[Unit]
Description=drover test service

[Service]
Type=simple
ExecStart=/bin/sleep infinity
ExecReload=/bin/sh -c 'echo reloaded >>/run/drover-demo.reloads'

[Install]
WantedBy=multi-user.target
`

/**
 * /etc/init.d/drover-sysv: an init script without a unit file; systemd runs it through its
 * sysv generator as drover-sysv.service, and `systemctl enable` manages its rc links.
 */
export const SYSV_DEMO_SCRIPT = `#!/bin/sh
### BEGIN INIT INFO
# Provides:          drover-sysv
# Required-Start:
# Required-Stop:
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: drover test init script
### END INIT INFO
PIDFILE=/run/drover-sysv.pid
case "$1" in
  start) start-stop-daemon --start --quiet --background --make-pidfile --pidfile $PIDFILE --exec /bin/sleep -- 100000 ;;
  stop) start-stop-daemon --stop --quiet --oknodo --remove-pidfile --pidfile $PIDFILE --exec /bin/sleep ;;
  status) start-stop-daemon --status --pidfile $PIDFILE --exec /bin/sleep ;;
  restart|force-reload) $0 stop; $0 start ;;
  *) echo "usage: $0 start|stop|restart|status"; exit 3 ;;
esac
`
