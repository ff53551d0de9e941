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
    play!.tasks.map((t) => (t.kind === "task" ? [t.action, t.args] : [])),
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

test('what cannot be resolved before the run is refused, never skipped', () => {
  assert.match(failure(head + '    - import_tasks: "{{ which }}.yml"\n').message, /templated file name in 'import_tasks'.*use include_tasks/)
  assert.match(failure(head + '    - import_role: name={{ r }}\n').message, /templated role name in 'import_role'.*use include_role/)
  assert.match(failure('- hosts: all\n  handlers:\n    - include_role: name=x\n').message, /Using 'include_role' as a handler is not supported/)
})

test('vars_prompt entries are parsed with Ansible defaults', () => {
  const [play] = load('- hosts: all\n  vars_prompt:\n    - name: user\n    - name: pw\n      prompt: Password?\n      private: no\n      default: x\n      confirm: yes\n  tasks: []\n')
  assert.deepEqual(play!.varsPrompt, [
    { name: 'user', prompt: 'user', private: true, confirm: false, unsafe: false },
    { name: 'pw', prompt: 'Password?', private: false, confirm: true, unsafe: false, default: 'x' },
  ])
  assert.match(failure('- hosts: all\n  vars_prompt:\n    - name: a\n      promt: x\n').message, /'promt' is not a valid vars_prompt option \(did you mean 'prompt'\?\)/)
})

test('module arguments are checked against the schema unless templated', () => {
  assert.doesNotThrow(() => load(head + '    - debug:\n        msg: hi\n        verbosity: "{{ level }}"\n'))
  assert.doesNotThrow(() => load(head + '    - debug:\n        msg: hi\n        verbosity: "2"\n'))
  const bad = failure(head + '    - debug:\n        msg: hi\n        verbosity: [1]\n')
  assert.equal(bad.code, 'E_MODULE_ARGS')
  assert.equal(bad.located, "pb.yml:6:9: argument 'verbosity' is of type list and we were unable to convert to int: [1]")
  const unknown = failure(head + '    - command: ls\n      args:\n        chdirr: /tmp\n')
  assert.equal(unknown.line, 6)
  assert.match(unknown.message, /Unsupported parameters for \(command\) module: chdirr/)
})

test('FQCN tasks keep the name they were written with for listings and banners', () => {
  const [play] = load(head + '    - ansible.builtin.debug: msg=hi\n    - debug: msg=hi\n')
  const [fq, short] = play!.tasks
  assert.equal(fq!.kind === 'task' && fq!.writtenAction, 'ansible.builtin.debug')
  assert.equal(short!.kind === 'task' && short!.writtenAction, undefined)
})
