import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { INIT_SCRIPT, POWER_SCRIPT, SETUP_SCRIPT, sshdConfigText } from './init.js'
import { DEPLOY_USER } from './packages.js'
import { CGROUP_WRAPPER, DEMO_UNIT, makeCgroup, MASKED_UNITS, SYSTEMD_SETUP_SCRIPT, SYSV_DEMO_SCRIPT } from './systemd.js'

export interface HostSpec {
  name: string
  address: string
  port: number
  /** This host's dir on the controller: upper/, work/, merged/, console.log. */
  dir: string
  lower: string
  /** Authorised for root and for DEPLOY_USER. */
  clientPub: string
  /** Boot systemd as PID 1 in this cgroup (a fresh cgroup v2 dir) instead of drover-init. */
  systemdCgroup?: string
}

/**
 * Creates `rel` (and its parents) in the upper dir with the mode and owner the rootfs gives them:
 * an upper dir's attributes win in the overlay, so a dir made with other ones would change the host
 * (e.g. /usr/local/sbin is 2775 root:staff on Debian).
 */
function mkdirLike(upper: string, lower: string, rel: string): void {
  let path = ''
  for (const part of rel.split('/').filter(Boolean)) {
    path = path ? `${path}/${part}` : part
    const target = join(upper, path)
    if (existsSync(target)) continue
    let like = { mode: 0o755, uid: 0, gid: 0 }
    try {
      like = statSync(join(lower, path))
    } catch {
      // not in the rootfs: a plain root-owned dir
    }
    mkdirSync(target)
    chmodSync(target, like.mode & 0o7777)
    chownSync(target, like.uid, like.gid)
  }
}

/** A file in the host's overlay upper dir: it shadows the cached rootfs's version from the start. */
function put(upper: string, lower: string, path: string, content: string, mode = 0o644, owner?: { uid: number; gid: number }): void {
  mkdirLike(upper, lower, dirname(path))
  const file = join(upper, path)
  writeFileSync(file, content, { mode })
  chmodSync(file, mode) // the umask trims what writeFileSync's mode asks for
  if (owner) chownSync(file, owner.uid, owner.gid)
}

/** uid and gid of `user` in the rootfs's /etc/passwd. */
function ownerIn(lower: string, user: string): { uid: number; gid: number } {
  const line = readFileSync(join(lower, 'etc/passwd'), 'utf8').split('\n').find((l) => l.startsWith(`${user}:`))
  if (!line) throw new Error(`debian-hosts: no ${user} in the rootfs`)
  const [, , uid, gid] = line.split(':')
  return { uid: Number(uid), gid: Number(gid) }
}

/** Everything that makes this copy a distinct host: its key, name, sshd config, init and logins. */
export function prepareUpper(spec: HostSpec, upper: string): void {
  const deploy = ownerIn(spec.lower, DEPLOY_USER)
  const file = (path: string, content: string, mode?: number, owner?: { uid: number; gid: number }): void =>
    put(upper, spec.lower, path, content, mode, owner)
  if (spec.systemdCgroup === undefined) {
    file('usr/local/sbin/drover-init', INIT_SCRIPT, 0o755)
    for (const cmd of ['reboot', 'shutdown', 'halt', 'poweroff']) file(`usr/sbin/${cmd}`, POWER_SCRIPT, 0o755)
  } else {
    // systemd makes a transient machine id where the file is empty; a fixed one per host is simpler.
    file('etc/machine-id', `${randomBytes(16).toString('hex')}\n`, 0o444)
    for (const unit of MASKED_UNITS) {
      mkdirLike(upper, spec.lower, 'etc/systemd/system')
      symlinkSync('/dev/null', join(upper, 'etc/systemd/system', unit))
    }
    // A vendor unit (as a package installs it): /etc/systemd/system stays free for mask and enable.
    file('usr/lib/systemd/system/drover-demo.service', DEMO_UNIT)
    file('etc/init.d/drover-sysv', SYSV_DEMO_SCRIPT, 0o755)
  }
  file('etc/ssh/sshd_config', sshdConfigText({ address: spec.address, port: spec.port }))
  file('etc/hostname', `${spec.name}\n`)
  file('etc/hosts', `127.0.0.1\tlocalhost\n${spec.address}\t${spec.name}\n::1\tlocalhost ip6-localhost ip6-loopback\n`)
  try {
    // apt inside the host resolves names like the controller does.
    file('etc/resolv.conf', readFileSync('/etc/resolv.conf', 'utf8'))
  } catch {
    // no resolver config: the host simply has no DNS
  }
  mkdirLike(upper, spec.lower, 'root')
  mkdirSync(join(upper, 'root/.ssh'), { mode: 0o700 })
  file('root/.ssh/authorized_keys', `${spec.clientPub}\n`, 0o600)
  mkdirLike(upper, spec.lower, `home/${DEPLOY_USER}`)
  mkdirSync(join(upper, 'home', DEPLOY_USER, '.ssh'), { mode: 0o700 })
  chownSync(join(upper, 'home', DEPLOY_USER, '.ssh'), deploy.uid, deploy.gid)
  file(`home/${DEPLOY_USER}/.ssh/authorized_keys`, `${spec.clientPub}\n`, 0o600, deploy)
}

/**
 * Starts the host: `unshare` makes the namespaces and forks the setup script as their PID 1, which
 * mounts the root and execs the init. `--kill-child` ties the namespace to unshare's life: if
 * unshare is killed, so is the whole host.
 */
export function launchHost(spec: HostSpec): ChildProcess {
  for (const sub of ['upper', 'work', 'merged']) mkdirSync(join(spec.dir, sub), { recursive: true, mode: 0o755 })
  if (spec.systemdCgroup !== undefined) makeCgroup(spec.systemdCgroup)
  const console = openSync(join(spec.dir, 'console.log'), 'a')
  try {
    const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' }
    const setup = ['/bin/sh', '-c', spec.systemdCgroup === undefined ? SETUP_SCRIPT : SYSTEMD_SETUP_SCRIPT, 'drover-setup', spec.lower, spec.dir, spec.name]
    const child = spec.systemdCgroup === undefined
      ? spawn('unshare', ['--mount', '--pid', '--uts', '--ipc', '--fork', '--kill-child', ...setup], { stdio: ['ignore', console, console], env })
      // systemd learns from $container that it runs in one (no hardware, no kernel set-up).
      : spawn('/bin/sh', ['-c', CGROUP_WRAPPER, 'drover-cgroup', spec.systemdCgroup, 'unshare', '--mount', '--pid', '--uts', '--ipc', '--cgroup', '--fork', '--kill-child', ...setup], {
        stdio: ['ignore', console, console],
        env: { ...env, container: 'drover' },
      })
    child.unref()
    return child
  } finally {
    closeSync(console)
  }
}
