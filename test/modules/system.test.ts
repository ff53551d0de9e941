/** hostname and sysctl plans as fixtures: gathered names / file text + args → steps. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { planHostname, type HostnameArgs, type HostnameFacts } from '../../modules/hostname.js'
import { planSysctl, sysctlFile, sysctlValue, type SysctlArgs } from '../../modules/sysctl.js'
import type { Plan } from '../../src/module/types.js'
import { args } from './fixtures.js'
import { registry } from './run-module.js'

const steps = (plan: Plan) => (plan.changed ? plan.steps.map((s) => (s.kind === 'exec' ? s.argv.join(' ') : `write ${s.path} ${JSON.stringify(String(s.content))}`)) : [])
const host = (raw: Record<string, unknown>, facts: HostnameFacts) => planHostname(args<HostnameArgs>('hostname', raw), facts, false)

test('hostname without systemd (Debian): /etc/hostname only, diff and facts as Ansible returns them', () => {
  const facts: HostnameFacts = { strategy: 'file', current: 'old', permanent: 'old', fqdn: 'old.example.com' }
  const plan = host({ name: 'web01.example.com' }, facts)
  assert.deepEqual(steps(plan), ['write /etc/hostname "web01.example.com\\n"'])
  assert.deepEqual(plan.result, {
    name: 'web01.example.com',
    ansible_facts: { ansible_hostname: 'web01', ansible_nodename: 'web01.example.com', ansible_fqdn: 'old.example.com', ansible_domain: 'example.com' },
    diff: { before: 'hostname = old\n', after: 'hostname = web01.example.com\n' },
  })
  assert.equal(host({ name: 'old' }, facts).changed, false)
  assert.deepEqual(steps(host({ name: 'a' }, { ...facts, strategy: 'alpine' })), ['write /etc/hostname "a\\n"', 'hostname -F /etc/hostname'])
})

test('hostname with systemd: static then transient, each only when different; 64-character limit', () => {
  const facts: HostnameFacts = { strategy: 'systemd', current: 'old', permanent: 'new', fqdn: 'old' }
  assert.deepEqual(steps(host({ name: 'new' }, facts)), ['hostnamectl --transient set-hostname -- new'])
  assert.deepEqual(steps(host({ name: 'x' }, facts)), ['hostnamectl --pretty --static set-hostname -- x', 'hostnamectl --transient set-hostname -- x'])
  assert.equal((host({ name: 'n'.repeat(65) }, facts) as { msg: string }).msg, 'name cannot be longer than 64 characters on systemd servers, try a shorter name')
})

const sys = (raw: Record<string, unknown>, current: string | undefined, file: string | undefined) => planSysctl(args<SysctlArgs>('sysctl', { name: 'kernel.msgmax', sysctl_file: '/etc/sysctl.d/t.conf', ...raw }), { current, file })

test('sysctl value normalisation and the file rewrite: key=value, duplicates dropped, comments kept', () => {
  assert.deepEqual([sysctlValue('yes'), sysctlValue('Off'), sysctlValue(' 4 5 ')], ['1', '0', '4 5'])
  const out = sysctlFile('# c\nkernel.msgmax = 1\n a = b \nkernel.msgmax=2\n', 'kernel.msgmax', '9', 'present')
  assert.deepEqual(out, { current: '2', lines: ['# c', 'kernel.msgmax=9', 'a=b'] })
  assert.deepEqual(sysctlFile('a=1\nb=2', 'a', '', 'absent').lines, ['b=2'])
})

test('sysctl present: writes the file and reloads it; nothing when file and running value agree', () => {
  const plan = sys({ value: '65536' }, '8192\n', '')
  assert.deepEqual(steps(plan), ['write /etc/sysctl.d/t.conf "kernel.msgmax=65536\\n"', 'env LANG=C LC_ALL=C LC_MESSAGES=C sysctl -p -- /etc/sysctl.d/t.conf'])
  assert.ok(plan.changed && plan.diff && !Array.isArray(plan.diff) && plan.diff.after === 'kernel.msgmax=65536\n')
  assert.equal(sys({ value: '65536' }, '65536\n', 'kernel.msgmax = 65536\n').changed, false)
  // In the file but not applied: reload only.
  assert.deepEqual(steps(sys({ value: '65536' }, '8192\n', 'kernel.msgmax=65536\n')), ['env LANG=C LC_ALL=C LC_MESSAGES=C sysctl -p -- /etc/sysctl.d/t.conf'])
  assert.equal(sys({ value: '65536', reload: false }, '8192\n', 'kernel.msgmax=65536\n').changed, false)
})

test('sysctl_set sets the running value; absent removes the line; blank values refused', () => {
  assert.deepEqual(steps(sys({ value: '7', sysctl_set: true, reload: false }, '8\n', 'kernel.msgmax=7\n')), ['env LANG=C LC_ALL=C LC_MESSAGES=C sysctl -w -- kernel.msgmax=7'])
  assert.deepEqual(steps(sys({ state: 'absent', reload: false }, '8\n', 'x=1\nkernel.msgmax=8\n')), ['write /etc/sysctl.d/t.conf "x=1\\n"'])
  assert.equal(sys({ state: 'absent' }, '8\n', 'x=1\n').changed, false)
  assert.equal((sys({ value: ' ' }, '8', '') as { msg: string }).msg, 'value cannot be blank')
})

test('sysctl answers to its collection name, ansible.posix.sysctl, and no other module does', () => {
  assert.equal(registry.canonicalName('ansible.posix.sysctl'), 'sysctl')
  assert.equal(registry.canonicalName('ansible.posix.copy'), undefined)
  assert.equal(registry.fqcn('sysctl'), 'ansible.posix.sysctl')
  assert.equal(registry.fqcn('apt'), 'ansible.builtin.apt')
})

test('hostile sysctl keys and values stay single argv words', () => {
  const plan = sys({ name: '-x $(touch y)', value: '`id` ; z', sysctl_set: true }, '1', undefined)
  assert.ok(plan.changed && plan.steps.some((s) => s.kind === 'exec' && s.argv.includes('-x $(touch y)=`id` ; z')))
})
