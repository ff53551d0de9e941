import { parseSections } from '../src/module/file-facts.js'
import type { Plan, StateModule, Step } from '../src/module/types.js'

export interface HostnameArgs {
  name: string
  use?: string
}

export interface HostnameFacts {
  /** hostnamectl when systemd is the running init, else the file strategy (/etc/hostname). */
  strategy: 'systemd' | 'file' | 'alpine'
  current: string
  permanent: string
  fqdn: string
}

const PROBE = [
  'PATH="$PATH:/sbin:/usr/sbin:/bin:/usr/bin"',
  'echo @@h:hostnamectl; [ -d /run/systemd/system ] && command -v hostnamectl >/dev/null 2>&1 && echo yes',
  'echo @@h:id; ( . /etc/os-release 2>/dev/null; echo "$ID" )',
  'echo @@h:file; [ -f /etc/hostname ] && cat /etc/hostname',
  'echo @@h:transient; command -v hostnamectl >/dev/null 2>&1 && hostnamectl --transient status 2>/dev/null',
  'echo @@h:static; command -v hostnamectl >/dev/null 2>&1 && hostnamectl --static status 2>/dev/null',
  'echo @@h:fqdn; hostname -f 2>/dev/null || hostname',
  'echo @@h:end',
].join('\n')

/** As Ansible picks a strategy: `use` if given, hostnamectl where systemd runs, else the distribution's file. */
function strategyOf(use: string | undefined, systemd: boolean, id: string): HostnameFacts['strategy'] | undefined {
  if (use === 'systemd' || use === 'debian') return 'systemd'
  if (use === 'alpine') return 'alpine'
  if (use !== undefined) return undefined
  if (systemd) return 'systemd'
  return id === 'alpine' ? 'alpine' : 'file'
}

export function planHostname(args: HostnameArgs, facts: HostnameFacts, check: boolean): Plan {
  const name = args.name
  const steps: Step[] = []
  if (facts.strategy === 'systemd' && name.length > 64) return { changed: false, failed: true, msg: 'name cannot be longer than 64 characters on systemd servers, try a shorter name' }
  let changed = false
  if (facts.strategy === 'systemd') {
    // Permanent first, as Ansible does (NetworkManager complains otherwise).
    if (facts.permanent !== name) steps.push({ kind: 'exec', argv: ['hostnamectl', '--pretty', '--static', 'set-hostname', '--', name] })
    if (facts.current !== name) steps.push({ kind: 'exec', argv: ['hostnamectl', '--transient', 'set-hostname', '--', name] })
    changed = steps.length > 0
  } else if (facts.permanent !== name) {
    // Debian's FileStrategy writes /etc/hostname only; Alpine's also sets the running name from it.
    steps.push({ kind: 'write', path: '/etc/hostname', content: `${name}\n` })
    if (facts.strategy === 'alpine') steps.push({ kind: 'exec', argv: ['hostname', '-F', '/etc/hostname'] })
    changed = true
  }
  const before = name !== facts.current ? facts.current : facts.permanent
  const fqdn = facts.fqdn
  const result: Record<string, unknown> = {
    name,
    ansible_facts: { ansible_hostname: name.split('.')[0], ansible_nodename: name, ansible_fqdn: fqdn, ansible_domain: fqdn.split('.').slice(1).join('.') },
  }
  if (!changed) return { changed: false, result }
  // Ansible returns the diff with every change, --diff or not.
  const diff = { before: `hostname = ${before}\n`, after: `hostname = ${name}\n` }
  void check
  return { changed: true, steps, diff, result: { ...result, diff } }
}

export const hostname: StateModule<HostnameArgs, HostnameFacts | { failed: string }> = {
  kind: 'state',
  name: 'hostname',
  shortDescription: 'Manages the hostname',
  description:
    'Sets the host\'s name as Ansible does: with hostnamectl (static and transient) where systemd is the running init; on Debian without ' +
    'systemd only /etc/hostname is written (Ansible\'s file strategy; the running name is left alone); on Alpine /etc/hostname then hostname -F. ' +
    'Returns ansible_facts with the new hostname.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'The hostname.' },
      use: { type: 'string', enum: ['systemd', 'debian', 'alpine'], description: 'The strategy instead of detecting it (debian means systemd, as in Ansible).' },
    },
  },
  returns: {
    name: { type: 'str', description: 'The hostname.' },
    ansible_facts: { type: 'dict', description: 'ansible_hostname, ansible_nodename, ansible_fqdn, ansible_domain.' },
  },
  examples: ['- name: Name the host', '  ansible.builtin.hostname:', '    name: web01'].join('\n'),

  async gather(args, host) {
    const s = parseSections((await host.run(PROBE)).stdout.toString('utf8'))
    const text = (k: string) => (s.get(`h:${k}`) ?? '').trim()
    const strategy = strategyOf(args.use, text('hostnamectl') === 'yes', text('id'))
    if (!strategy) return { failed: `drover's hostname does not support use=${args.use}` }
    const systemd = strategy === 'systemd'
    return { strategy, current: systemd ? text('transient') : text('file'), permanent: systemd ? text('static') : text('file'), fqdn: text('fqdn') }
  },

  plan(args, facts, options) {
    if ('failed' in facts) return { changed: false, failed: true, msg: facts.failed }
    return planHostname(args, facts, options.check)
  },
}
