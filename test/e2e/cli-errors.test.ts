import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runDrover } from './run-drover.js'
import { tempDir } from '../support/temp-dir.js'

const dir = tempDir('drover-cli-')
const inventory = join(dir, 'local.ini')
writeFileSync(inventory, 'localhost ansible_connection=local\n')
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, NO_COLOR: '1' }

function oneErrorLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n')
  assert.equal(lines.length, 1, `one line expected, got:\n${stderr}`)
  assert.match(lines[0]!, pattern)
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace')
}

test('unknown module with arguments: parse error, exit 4', async () => {
  const run = await runDrover(['run', 'all', '-i', inventory, '-m', 'nosuch', '-a', 'x=1'], { env, cwd: dir })
  assert.equal(run.code, 4)
  oneErrorLine(run.stderr, /^ERROR! couldn't resolve module\/action 'nosuch'/)
})

test('unknown module without arguments fails per host, as ansible does (exit 2)', async () => {
  const run = await runDrover(['run', 'localhost', '-i', inventory, '-m', 'nosuch'], { env, cwd: dir })
  assert.equal(run.code, 2)
  assert.match(run.stdout, /^localhost \| FAILED! => \{\n    "failed": true,\n    "msg": "The module nosuch was not found in configured module paths"\n\}/m)
})

test('unparsable -a: exit 4, one line', async () => {
  const run = await runDrover(['run', 'all', '-i', inventory, '-a', "echo 'unbalanced"], { env, cwd: dir })
  assert.equal(run.code, 4)
  oneErrorLine(run.stderr, /^ERROR! failed at splitting arguments, either an unbalanced jinja2 block or quotes: echo 'unbalanced$/)
})

test('command without arguments: exit 5', async () => {
  const run = await runDrover(['run', 'all', '-i', inventory, '-m', 'command'], { env, cwd: dir })
  assert.equal(run.code, 5)
  oneErrorLine(run.stderr, /^ERROR! No argument passed to command module$/)
})

test('missing playbook: exit 1, one line', async () => {
  const run = await runDrover(['playbook', '-i', inventory, 'nope.yml'], { env, cwd: dir })
  assert.equal(run.code, 1)
  oneErrorLine(run.stderr, /^ERROR! the playbook: nope.yml could not be found$/)
})

test('missing inventory file: warned about, nothing matched, exit 0 as ansible', async () => {
  const run = await runDrover(['run', 'all', '-i', join(dir, 'missing.ini'), '-a', 'true'], { env, cwd: dir })
  assert.equal(run.code, 0, run.stderr)
  // Wrapped at 79 columns as Ansible wraps warnings: the long temp path may start a new line.
  assert.match(run.stderr.replace(/\n/g, ' '), /\[WARNING\]: Unable to parse .*missing\.ini as an inventory source/)
  assert.equal(run.stdout, '')
})

test('a broken playbook names file, line and column; exit 4', async () => {
  const playbook = join(dir, 'broken.yml')
  writeFileSync(playbook, '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: ls\n      bogus_kw: 1\n')
  const run = await runDrover(['playbook', '-i', inventory, playbook], { env, cwd: dir })
  assert.equal(run.code, 4)
  oneErrorLine(run.stderr, new RegExp(`^ERROR! ${playbook.replace(/\./g, '\\.')}:5:7: conflicting action statements: command, bogus_kw`))
})

test('-vvv adds the stack trace', async () => {
  const run = await runDrover(['playbook', '-vvv', '-i', inventory, 'nope.yml'], { env, cwd: dir })
  assert.equal(run.code, 1)
  assert.match(run.stderr, /\n\s+at /)
})

test('bad option values: --forks 0 is a usage error (exit 2), bad -e is exit 5', async () => {
  const forks = await runDrover(['run', 'all', '-i', inventory, '-f', '0', '-a', 'true'], { env, cwd: dir })
  assert.equal(forks.code, 2)
  assert.match(forks.stderr, /--forks/)
  const extra = await runDrover(['run', 'all', '-i', inventory, '-e', '[1,2]', '-a', 'true'], { env, cwd: dir })
  assert.equal(extra.code, 5)
  oneErrorLine(extra.stderr, /could not be made into a dictionary/)
})

test('--version and --help exit 0', async () => {
  const version = await runDrover(['--version'], { env, cwd: dir })
  assert.equal(version.code, 0)
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/)
  const help = await runDrover(['--help'], { env, cwd: dir })
  assert.equal(help.code, 0)
  for (const command of ['playbook', 'run', 'inventory', 'doc']) assert.match(help.stdout, new RegExp(`\\b${command}\\b`))
})

test('doc lists modules and documents one from its schema', async () => {
  const list = await runDrover(['doc'], { env, cwd: dir })
  assert.equal(list.code, 0)
  assert.match(list.stdout, /^command +Execute commands on targets$/m)
  const one = await runDrover(['doc', 'command'], { env, cwd: dir })
  assert.match(one.stdout, /- creates\n +A filename or glob pattern/)
  assert.match(one.stdout, /aliases: \[cmd\]/)
})
