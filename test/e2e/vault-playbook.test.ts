import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, test } from 'node:test'
import { encryptText, formatVaultString, secretFromPassword } from '../../src/vault/index.js'
import { runDrover } from './run-drover.js'
import { tempDir } from '../support/temp-dir.js'

const DB_PASSWORD = 'db-Secret-7f3Qx'
const API_TOKEN = 'tok-Vaulted-Z93kq'
const dir = tempDir('drover-vault-pb-')
const env = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, NO_COLOR: '1' })

before(() => {
  const secret = secretFromPassword('correct horse')
  writeFileSync(join(dir, 'vault-pass'), 'correct horse\n')
  writeFileSync(join(dir, 'hosts.ini'), 'box ansible_connection=local\n')
  mkdirSync(join(dir, 'group_vars'))
  mkdirSync(join(dir, 'host_vars'))
  writeFileSync(join(dir, 'group_vars', 'all.yml'), `${formatVaultString(encryptText(DB_PASSWORD, secret), 'db_password')}\nplain: visible\n`)
  writeFileSync(join(dir, 'host_vars', 'box.yml'), encryptText(`api_token: ${API_TOKEN}\n`, secret))
  writeFileSync(
    join(dir, 'site.yml'),
    [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - name: hidden by no_log',
      '      debug:',
      '        msg: "{{ db_password }}"',
      '      no_log: true',
      '    - name: printed, but vault values are redacted',
      '      debug:',
      '        msg: "password={{ db_password }} token={{ api_token }} plain={{ plain }}"',
      '    - name: the host gets the real value',
      '      shell: test "$(printf %s "$V")" = "{{ db_password }}" && echo "{{ api_token }}"',
      '      environment:',
      '        V: "{{ db_password }}"',
      '      register: r',
      '    - name: and so does register',
      '      assert:',
      `        that: r.stdout == '${API_TOKEN}'`,
      '',
    ].join('\n'),
  )
})

test('vaulted group_vars and host_vars are decrypted when used and never shown, at -vvvv', async () => {
  const run = await runDrover(['playbook', '-vvvv', '-i', join(dir, 'hosts.ini'), join(dir, 'site.yml'), '--vault-password-file', join(dir, 'vault-pass')], { env: env(), cwd: dir })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /box +: ok=4    changed=1/)
  for (const secret of [DB_PASSWORD, API_TOKEN]) {
    assert.ok(!run.stdout.includes(secret), `${secret} in stdout:\n${run.stdout}`)
    assert.ok(!run.stderr.includes(secret), `${secret} in stderr`)
  }
  assert.match(run.stdout, /the output has been hidden due to the fact that 'no_log: true' was specified for this result/)
  assert.match(run.stdout, /password=\*+ token=\*+ plain=visible/)
})

test('vault values stay out of JSON lines, JUnit and the summary at -vvvv too', async () => {
  const junit = join(dir, 'report.xml')
  const summary = join(dir, 'summary.json')
  const run = await runDrover(
    ['playbook', '-vvvv', '--output', 'json', '--junit', junit, '--summary', summary, '-i', join(dir, 'hosts.ini'), join(dir, 'site.yml'), '--vault-password-file', join(dir, 'vault-pass')],
    { env: { ...env(), GITHUB_ACTIONS: 'true' }, cwd: dir },
  )
  assert.equal(run.code, 0, run.stdout + run.stderr)
  const outputs = [run.stdout, run.stderr, readFileSync(junit, 'utf8'), readFileSync(summary, 'utf8')]
  assert.ok(run.stdout.split('\n').filter(Boolean).every((line) => JSON.parse(line)), 'JSON lines')
  for (const text of outputs) for (const secret of [DB_PASSWORD, API_TOKEN]) assert.ok(!text.includes(secret), `${secret} leaked:\n${text.slice(0, 2000)}`)
})

test('without the vault password, using a vaulted value fails clearly', async () => {
  const run = await runDrover(['playbook', '-i', join(dir, 'hosts.ini'), join(dir, 'site.yml')], { env: env(), cwd: dir })
  assert.notEqual(run.code, 0)
  assert.match(run.stdout + run.stderr, /vault/i)
  assert.ok(!(run.stdout + run.stderr).includes(DB_PASSWORD))
})
