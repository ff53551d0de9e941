import type { ActionModule } from '../src/module/types.js'

/**
 * One probe frame prints `key=value` lines (and the environment after a separator); everything is
 * parsed on the controller. Only POSIX sh, uname, id and /proc are needed on the host.
 */
const PROBE = String.raw`
p() { printf '%s=%s\n' "$1" "$2"; }
p hostname "$(hostname -s 2>/dev/null || uname -n)"
p nodename "$(uname -n)"
p fqdn "$(hostname -f 2>/dev/null || uname -n)"
p system "$(uname -s)"
p kernel "$(uname -r)"
p kernel_version "$(uname -v)"
p machine "$(uname -m)"
p user_id "$(id -un)"
p user_uid "$(id -u)"
p user_gid "$(id -g)"
p user_dir "$HOME"
p user_shell "$(getent passwd "$(id -un)" 2>/dev/null | cut -d: -f7)"
p nproc "$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)"
p memtotal_kb "$(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo 2>/dev/null)"
p memfree_kb "$(sed -n 's/^MemAvailable: *\([0-9]*\).*/\1/p' /proc/meminfo 2>/dev/null)"
p debian_version "$(cat /etc/debian_version 2>/dev/null)"
p interfaces "$(ls /sys/class/net 2>/dev/null | tr '\n' ' ')"
p epoch "$(date +%s)"
p tz "$(date +%Z)"
if [ -r /etc/os-release ]; then sed -n 's/^\([A-Z_]*\)=\(.*\)$/os_\1=\2/p' /etc/os-release; fi
echo '--- env'
env
`

const FAMILIES: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Debian', raspbian: 'Debian', linuxmint: 'Debian', kali: 'Debian',
  rhel: 'RedHat', centos: 'RedHat', fedora: 'RedHat', rocky: 'RedHat', almalinux: 'RedHat', ol: 'RedHat', amzn: 'RedHat',
  alpine: 'Alpine', arch: 'Archlinux', sles: 'Suse', opensuse: 'Suse', 'opensuse-leap': 'Suse', gentoo: 'Gentoo',
}

const NAMES: Record<string, string> = { rhel: 'RedHat', centos: 'CentOS', ol: 'OracleLinux', amzn: 'Amazon', opensuse: 'openSUSE', 'opensuse-leap': 'openSUSE Leap', sles: 'SLES', almalinux: 'AlmaLinux' }

function unquote(value: string): string {
  return value.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1')
}

export function parseSetupProbe(output: string): Record<string, unknown> {
  const [head = '', env = ''] = output.split('\n--- env\n')
  const raw: Record<string, string> = {}
  for (const line of head.split('\n')) {
    const eq = line.indexOf('=')
    if (eq > 0) raw[line.slice(0, eq)] = unquote(line.slice(eq + 1))
  }
  const id = (raw.os_ID ?? raw.system ?? '').toLowerCase()
  const isDebian = id === 'debian'
  const version = isDebian && raw.debian_version && /^\d/.test(raw.debian_version) ? raw.debian_version : (raw.os_VERSION_ID ?? '')
  const distribution = NAMES[id] ?? (id ? id.charAt(0).toUpperCase() + id.slice(1) : (raw.system ?? 'NA'))
  const date = new Date(Number(raw.epoch ?? 0) * 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  const fqdn = raw.fqdn ?? ''
  return {
    hostname: raw.hostname,
    nodename: raw.nodename,
    fqdn,
    domain: fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : '',
    system: raw.system,
    kernel: raw.kernel,
    kernel_version: raw.kernel_version,
    machine: raw.machine,
    architecture: raw.machine,
    distribution,
    distribution_version: version || 'NA',
    distribution_major_version: (version || 'NA').split('.')[0],
    distribution_release: raw.os_VERSION_CODENAME ?? 'NA',
    os_family: FAMILIES[id] ?? distribution,
    user_id: raw.user_id,
    user_uid: Number(raw.user_uid),
    user_gid: Number(raw.user_gid),
    user_dir: raw.user_dir,
    user_shell: raw.user_shell,
    processor_vcpus: Number(raw.nproc),
    processor_nproc: Number(raw.nproc),
    memtotal_mb: Math.floor(Number(raw.memtotal_kb ?? 0) / 1024),
    memfree_mb: Math.floor(Number(raw.memfree_kb ?? 0) / 1024),
    interfaces: (raw.interfaces ?? '').trim().split(/\s+/).filter(Boolean),
    env: Object.fromEntries(
      env
        .split('\n')
        .filter((l) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    ),
    date_time: {
      epoch: raw.epoch,
      date: `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`,
      time: `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`,
      year: String(date.getUTCFullYear()),
      tz: raw.tz,
    },
    service_mgr: 'unknown',
    pkg_mgr: FAMILIES[id] === 'Debian' ? 'apt' : FAMILIES[id] === 'RedHat' ? 'dnf' : FAMILIES[id] === 'Alpine' ? 'apk' : 'unknown',
  }
}

export const setup: ActionModule<{ gather_subset: string[]; filter?: string }> = {
  kind: 'action',
  name: 'setup',
  shortDescription: 'Gathers facts about remote hosts',
  description:
    'Collects facts (hostname, distribution and version, kernel, architecture, user, CPUs, memory, interfaces, environment) with one shell probe, no Python. ' +
    'Facts are available as ansible_facts.NAME and ansible_NAME. Runs automatically at the start of a play unless gather_facts is false.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    properties: {
      gather_subset: { type: 'array', items: { type: 'string' }, default: ['all'], description: 'Accepted for compatibility; drover gathers its one probe whatever the subset.' },
      filter: { type: 'string', description: 'Only return facts whose name matches this shell-style pattern.' },
    },
  },
  returns: { ansible_facts: { type: 'dict', description: 'The facts gathered.' } },
  examples: ['- name: Gather facts explicitly', '  ansible.builtin.setup:'].join('\n'),

  async run(args, context) {
    const probe = await context.connection.exec(PROBE)
    if (probe.rc !== 0) return { changed: false, failed: true, msg: `fact gathering failed: ${probe.stderr.toString('utf8').trim()}` }
    let facts = parseSetupProbe(probe.stdout.toString('utf8'))
    if (args.filter) {
      const pattern = new RegExp(`^${args.filter.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`)
      facts = Object.fromEntries(Object.entries(facts).filter(([k]) => pattern.test(`ansible_${k}`) || pattern.test(k)))
    }
    return { changed: false, ansible_facts: facts }
  },
}
