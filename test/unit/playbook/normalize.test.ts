import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BUILTIN_MODULES } from '../../../modules/index.js'
import { ModuleRegistry } from '../../../src/module/registry.js'
import { parseLocatedYaml } from '../../../src/playbook/load.js'
import { normalizePlaybook } from '../../../src/playbook/normalize.js'
import type { DroverError } from '../../../src/errors.js'

const registry = new ModuleRegistry(BUILTIN_MODULES)

function load(text: string) {
  return normalizePlaybook(parseLocatedYaml(text, 'pb.yml'), 'pb.yml', registry)
}

function failure(text: string): DroverError {
  try {
    load(text)
  } catch (error) {
    return error as DroverError
  }
  assert.fail('expected the playbook to be refused')
}

const head = '- hosts: all\n  gather_facts: false\n  tasks:\n'

test('every accepted task syntax normalises to one shape', () => {
  const [play] = load(
    head +
      '    - command: echo hi chdir=/tmp\n' +
      '    - ansible.builtin.shell: "ls | wc -l"\n' +
      '      args: { chdir: /var }\n' +
      '    - action: command uname -a\n' +
      '    - name: mapping form\n' +
      '      command: { cmd: id, creates: /x }\n',
  )
  assert.deepEqual(
    play!.tasks.map((t) => [t.action, t.args]),
    [
      ['command', { _raw_params: 'echo hi', chdir: '/tmp' }],
      ['shell', { chdir: '/var', _raw_params: 'ls | wc -l' }],
      ['command', { _raw_params: 'uname -a' }],
      ['command', { cmd: 'id', creates: '/x' }],
    ],
  )
  assert.deepEqual(play!.tasks[3]!.where, { file: 'pb.yml', line: 8, col: 7 })
})

test('errors name file, line and column', () => {
  const conflict = failure(head + '    - command: ls\n      bogus_kw: 1\n')
  assert.equal(conflict.code, 'E_PARSE')
  assert.equal(conflict.located, 'pb.yml:5:7: conflicting action statements: command, bogus_kw')
  const unknown = failure(head + '    - name: x\n      nosuch_module: a=1\n')
  assert.equal(unknown.code, 'E_UNKNOWN_MODULE')
  assert.equal(unknown.line, 5)
  const badPlayKey = failure('- hosts: all\n  gather_facts: false\n  taks: []\n')
  assert.match(badPlayKey.located, /^pb.yml:3:3: 'taks' is not a valid attribute for a Play \(did you mean 'tasks'\?\)/)
  const yamlError = failure('- hosts: all\n  tasks: [\n')
  assert.equal(yamlError.code, 'E_PARSE')
  assert.equal(yamlError.file, 'pb.yml')
  assert.ok(yamlError.line !== undefined)
})

test('features drover does not run yet are refused, never skipped', () => {
  assert.match(failure(head + '    - command: ls\n      when: false\n').message, /task keyword 'when' is not supported/)
  assert.match(failure('- hosts: all\n  tasks: []\n').message, /gather_facts: false/)
})
