import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * What every disposable Debian host has on top of `debootstrap --variant=minbase`. One list for
 * everyone: tests of system modules add what they need here (the cached rootfs is keyed by a hash
 * of it, so adding a package builds a new one once per machine).
 */
export const DEBIAN_PACKAGES: readonly string[] = [
  'openssh-server', // sshd, the only thing drover needs on a target (plus sh)
  'sudo', // become tests (user `deploy`)
  'passwd', // useradd/usermod/groupadd (user, group)
  'cron', // cron
  'procps', // sysctl, ps, pgrep
  'iproute2', // ip (facts, wait_for)
  'init-system-helpers', // service, update-rc.d (service module without systemd)
  'curl', // get_url and uri run curl on the target
  'git', // git
]

/** Added only for recording ansible-core's results (ansible needs python on the target); not used by drover's tests. */
export const RECORDING_PACKAGES: readonly string[] = [...DEBIAN_PACKAGES, 'python3']

/**
 * Hosts that boot systemd as PID 1 (`startDebianHosts({ systemd: true })`): Debian's own systemd,
 * its sysv shim (/sbin/init) and dbus (systemctl talks to PID 1 over its private socket; dbus keeps
 * `systemctl show` and logind-free units happy). A separate cached rootfs, so plain hosts stay small.
 */
export const SYSTEMD_PACKAGES: readonly string[] = [...DEBIAN_PACKAGES, 'systemd', 'systemd-sysv', 'dbus']

/** A non-root user on every host, with NOPASSWD sudo and the client key authorised. */
export const DEPLOY_USER = 'deploy'

export const DEBIAN_SUITE = process.env.DROVER_DEBIAN_SUITE ?? 'bookworm'

const DEFAULT_MIRROR = 'http://deb.debian.org/debian'

/**
 * The Debian mirror: `DROVER_DEBIAN_MIRROR`, else the first main-archive URI in this machine's apt
 * sources (so a machine behind a local mirror or proxy keeps using it), else deb.debian.org.
 */
export function debianMirror(): string {
  const override = process.env.DROVER_DEBIAN_MIRROR
  if (override) return override
  for (const uri of aptSourceUris()) {
    // debian-security and -updates archives do not carry the base suite.
    if (/\/debian\/?$/.test(uri)) return uri.replace(/\/$/, '')
  }
  return DEFAULT_MIRROR
}

function aptSourceUris(): string[] {
  const texts: string[] = []
  const read = (path: string): void => {
    try {
      texts.push(readFileSync(path, 'utf8'))
    } catch {
      // absent
    }
  }
  read('/etc/apt/sources.list')
  try {
    for (const f of readdirSync('/etc/apt/sources.list.d').sort()) read(join('/etc/apt/sources.list.d', f))
  } catch {
    // absent
  }
  const uris: string[] = []
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const deb = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)/.exec(line)
      if (deb) uris.push(deb[1]!)
      const deb822 = /^URIs:\s*(.+)$/.exec(line)
      if (deb822) uris.push(...deb822[1]!.trim().split(/\s+/))
    }
  }
  return uris.filter((u) => /^https?:\/\//.test(u))
}
