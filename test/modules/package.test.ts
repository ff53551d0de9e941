/** package: manager detection and the dnf/yum/apk plans as fixtures; apt dispatch is checked end to end. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { managerOf, packageCommand, packagesProbe, parsePackages } from '../../src/module/package-managers.js'
import { registry } from './run-module.js'

test('the first manager found decides; unknown output means none', () => {
  assert.deepEqual([managerOf('apt-get\n'), managerOf('dnf\n'), managerOf('yum'), managerOf('apk\n'), managerOf('')], ['apt', 'dnf', 'yum', 'apk', undefined])
})

test('dnf/yum/apk: install what is missing, upgrade what is old, remove what is there', () => {
  const facts = parsePackages('@@pkg:i0\nyes\n@@pkg:u0\nyes\n@@pkg:i1\n@@pkg:u1\n@@pkg:end\n', ['vim', 'htop'])
  assert.deepEqual(facts, [{ name: 'vim', installed: true, upgradable: true }, { name: 'htop', installed: false, upgradable: false }])
  assert.deepEqual(packageCommand('dnf', 'present', facts), ['dnf', '-y', 'install', '--', 'htop'])
  assert.deepEqual(packageCommand('dnf', 'latest', facts), ['dnf', '-y', 'install', '--', 'vim', 'htop'])
  assert.deepEqual(packageCommand('yum', 'latest', [facts[0]!]), ['yum', '-y', 'upgrade', '--', 'vim'])
  assert.deepEqual(packageCommand('apk', 'absent', facts), ['apk', 'del', '--', 'vim'])
  assert.deepEqual(packageCommand('apk', 'latest', facts), ['apk', 'add', '--upgrade', '--', 'vim', 'htop'])
  assert.equal(packageCommand('dnf', 'present', [facts[0]!]), undefined)
  assert.equal(packageCommand('dnf', 'removed', [facts[1]!]), undefined)
})

test('package names are quoted data in the probe; the schema requires name and state', () => {
  assert.ok(packagesProbe('dnf', ['$(id)']).includes(`rpm -q --whatprovides -- '$(id)'`))
  const module = registry.get('package')
  assert.throws(() => registry.prepareArgs(module, { name: 'x' }), /missing required arguments: state/)
  assert.deepEqual(registry.prepareArgs(module, { name: 'a,b', state: 'present', update_cache: true }), { name: ['a', 'b'], state: 'present', update_cache: true, use: 'auto' })
})
