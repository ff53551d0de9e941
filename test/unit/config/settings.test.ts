import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { resolveSettings } from '../../../src/config/settings.js'
import { tempDir } from '../../support/temp-dir.js'

function workspace(): { cwd: string; home: string } {
  const root = tempDir('drover-settings-')
  const cwd = join(root, 'project')
  const home = join(root, 'home')
  mkdirSync(cwd)
  mkdirSync(home)
  chmodSync(cwd, 0o755)
  return { cwd, home }
}

test('defaults apply when nothing is configured', () => {
  const { cwd, home } = workspace()
  const s = resolveSettings({ env: { HOME: home }, cwd })
  assert.equal(s.forks, 5)
  assert.equal(s.timeout, 10)
  assert.equal(s.hostKeyChecking, 'strict')
  assert.equal(s.configFile, undefined)
  assert.equal(s.knownHostsFile, join(home, '.ssh/known_hosts'))
})

test('ansible.cfg < environment < flags', () => {
  const { cwd, home } = workspace()
  writeFileSync(join(cwd, 'ansible.cfg'), '[defaults]\nforks = 7\ntimeout: 30\nhost_key_checking = False\nremote_user = deploy\n; comment\n# comment\n')
  let s = resolveSettings({ env: { HOME: home }, cwd })
  assert.equal(s.configFile, join(cwd, 'ansible.cfg'))
  assert.deepEqual([s.forks, s.timeout, s.hostKeyChecking, s.remoteUser], [7, 30, 'off', 'deploy'])
  s = resolveSettings({ env: { HOME: home, ANSIBLE_FORKS: '9', ANSIBLE_HOST_KEY_CHECKING: 'True' }, cwd })
  assert.deepEqual([s.forks, s.hostKeyChecking], [9, 'strict'])
  s = resolveSettings({ env: { HOME: home, ANSIBLE_FORKS: '9', DROVER_FORKS: '11' }, cwd, flags: { forks: 2 } })
  assert.equal(s.forks, 2)
  s = resolveSettings({ env: { HOME: home, ANSIBLE_FORKS: '9', DROVER_FORKS: '11' }, cwd })
  assert.equal(s.forks, 11, 'DROVER_* wins over ANSIBLE_*')
})

test('ANSIBLE_CONFIG is found first; the first config found wins with no merging', () => {
  const { cwd, home } = workspace()
  writeFileSync(join(cwd, 'ansible.cfg'), '[defaults]\nforks = 7\n')
  writeFileSync(join(home, 'other.cfg'), '[defaults]\ntimeout = 3\n')
  const s = resolveSettings({ env: { HOME: home, ANSIBLE_CONFIG: join(home, 'other.cfg') }, cwd })
  assert.deepEqual([s.forks, s.timeout], [5, 3])
})

test('a config in a world-writable directory is ignored with a warning', () => {
  const { cwd, home } = workspace()
  writeFileSync(join(cwd, 'ansible.cfg'), '[defaults]\nforks = 7\n')
  chmodSync(cwd, 0o777)
  const warnings: string[] = []
  const s = resolveSettings({ env: { HOME: home }, cwd }, (m) => warnings.push(m))
  assert.equal(s.forks, 5)
  assert.match(warnings[0] ?? '', /world writable directory/)
})

test('accept-new and bad values', () => {
  const { cwd, home } = workspace()
  assert.equal(resolveSettings({ env: { HOME: home, ANSIBLE_HOST_KEY_CHECKING: 'accept-new' }, cwd }).hostKeyChecking, 'accept-new')
  assert.throws(() => resolveSettings({ env: { HOME: home, ANSIBLE_FORKS: 'many' }, cwd }), /ANSIBLE_FORKS: expected an integer, found 'many'/)
  writeFileSync(join(cwd, 'ansible.cfg'), 'forks = 7\n')
  assert.throws(() => resolveSettings({ env: { HOME: home }, cwd }), /ansible.cfg:1:1: a setting comes before any \[section\] header|a setting comes before any/)
})
