import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BUILTIN_MODULES } from '../../../modules/index.js'
import { ModuleRegistry } from '../../../src/module/registry.js'

const registry = new ModuleRegistry(BUILTIN_MODULES)

test('FQCN and short names resolve to the same module', () => {
  assert.equal(registry.canonicalName('ansible.builtin.command'), 'command')
  assert.equal(registry.canonicalName('ansible.legacy.shell'), 'shell')
  assert.equal(registry.canonicalName('nosuch'), undefined)
  assert.throws(() => registry.get('nosuch'), /couldn't resolve module\/action 'nosuch'/)
})

test('schema defaults are filled and Ansible boolean spellings accepted', () => {
  const args = registry.prepareArgs(registry.get('command'), { cmd: 'ls', stdin_add_newline: 'no' })
  assert.deepEqual(args, { _raw_params: 'ls', stdin_add_newline: false, strip_empty_ends: true })
})

test('unknown arguments and wrong types are refused with the argument named', () => {
  assert.throws(() => registry.prepareArgs(registry.get('command'), { _raw_params: 'ls', bogus: 1 }), /Unsupported parameters for \(command\) module: bogus/)
  assert.throws(() => registry.prepareArgs(registry.get('command'), { _raw_params: 'ls', stdin_add_newline: 'maybe' }), /stdin_add_newline/)
  assert.throws(() => registry.prepareArgs(registry.get('command'), { _raw_params: 'ls', argv: ['ls'] }), /mutually exclusive/)
})
