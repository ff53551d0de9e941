/**
 * authorized_key: plan fixtures for the key file editing (add, options, comment, exclusive, absent,
 * Ansible's re-serialisation), then over a LocalConnection with `path` in a temp dir owned by the
 * test user (never a real user's authorized_keys), including hostile paths and comments.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { planAuthorizedKey, type AuthorizedKeyArgs, type AuthorizedKeyFacts } from '../../modules/authorized_key.js'
import { LocalConnection } from '../../src/connection/local.js'
import { enforceKeys, parseOptions } from '../../src/module/authorized-keys.js'
import { args } from './fixtures.js'
import { assertIdempotent } from './idempotency.js'
import { runModule } from './run-module.js'

const K1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOne one@example'
const K2 = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQTwo two@example'
const present = (key: string, extra: Record<string, unknown> = {}) => enforceKeys('', { key, state: 'present', exclusive: false, ...extra })

test('enforceKeys: a new key is appended as Ansible serialises it; the same key again is no change', () => {
  assert.deepEqual(enforceKeys('', { key: K1, state: 'present', exclusive: false }), { content: `${K1}\n` })
  assert.deepEqual(enforceKeys(`${K1}\n`, { key: K1, state: 'present', exclusive: false }), {})
  assert.deepEqual(enforceKeys('', { key: 'ssh-ed25519 AAAAnocomment', state: 'present', exclusive: false }), { content: 'ssh-ed25519 AAAAnocomment \n' }, 'no comment: a trailing space, as Ansible writes it')
  assert.deepEqual(present(`${K1}\n# a comment line\n${K2}`), { content: `${K1}\n${K2}\n` }, 'several keys, comment lines in key ignored')
})

test('enforceKeys: options and comment are compared; a changed key moves to the end; other lines stay', () => {
  const file = `# managed\n${K1}\n${K2}\n`
  assert.deepEqual(enforceKeys(file, { key: K1, state: 'present', exclusive: false, keyOptions: 'no-pty,from="10.0.0.1,10.0.0.2"' }), {
    content: `# managed\n${K2}\nno-pty,from="10.0.0.1,10.0.0.2" ${K1}\n`,
  })
  assert.deepEqual(enforceKeys(file, { key: K2, state: 'present', exclusive: false, comment: 'renamed' }), { content: `# managed\n${K1}\nssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQTwo renamed\n` })
  assert.deepEqual(enforceKeys(file, { key: K2, state: 'absent', exclusive: false }), { content: `# managed\n${K1}\n` })
  assert.deepEqual(enforceKeys(file, { key: 'ssh-rsa AAAAother', state: 'absent', exclusive: false }), {})
  assert.deepEqual(enforceKeys(file, { key: K2, state: 'present', exclusive: true }), { content: `${K2}\n` }, 'exclusive drops every other line')
  assert.deepEqual(enforceKeys('', { key: 'not a key', state: 'present', exclusive: false }), { invalid: 'invalid key specified: not a key' })
})

test('parseOptions: quoted commas stay inside a value', () => {
  assert.deepEqual(parseOptions('command="a,b",no-pty,from=\'x,y\''), [['command', '"a,b"'], ['no-pty', null], ['from', "'x,y'"]])
})

test('plan authorized_key: missing ~/.ssh made 0700 and owned by the user; unknown user fails', () => {
  const facts: AuthorizedKeyFacts = { account: { uid: 1001, gid: 1002, home: '/home/bob' }, keyfile: '/home/bob/.ssh/authorized_keys', exists: false, content: '', dirExists: false }
  const plan = planAuthorizedKey(args<AuthorizedKeyArgs>('authorized_key', { user: 'bob', key: K1 }), facts, { check: false, diff: true })
  assert.ok(plan.changed)
  assert.deepEqual(plan.steps, [
    { kind: 'exec', argv: ['mkdir', '-m', '0700', '--', '/home/bob/.ssh'] },
    { kind: 'exec', argv: ['chown', '1001:1002', '--', '/home/bob/.ssh'] },
    { kind: 'exec', argv: ['chmod', '0700', '--', '/home/bob/.ssh'] },
    { kind: 'write', path: '/home/bob/.ssh/authorized_keys', content: `${K1}\n`, mode: '0600', owner: '1001', group: '1002' },
  ])
  assert.equal(plan.result?.keyfile, '/home/bob/.ssh/authorized_keys')
  assert.equal(plan.result?.path, null)
  const nobody = planAuthorizedKey(args<AuthorizedKeyArgs>('authorized_key', { user: 'nobody-here', key: K1 }), { keyfile: '/.ssh/authorized_keys', exists: false, content: '', dirExists: false }, { check: false, diff: false })
  assert.equal(nobody.failed && nobody.msg, `Failed to lookup user nobody-here: "getpwnam(): name not found: 'nobody-here'"`)
})

let dir: string
let connection: LocalConnection
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-authkey-'))
  connection = new LocalConnection('localhost')
})
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

test('authorized_key with path in a temp dir: idempotent, --check writes nothing, hostile names are data', async () => {
  const me = userInfo().username
  const path = join(dir, `-keys $(touch drover-pwned-canary) \`x\``, 'authorized_keys')
  const check = await runModule(connection, 'authorized_key', { user: me, key: K1, path }, { check: true })
  assert.equal(check.changed, true)
  assert.equal(existsSync(path), false)
  await assertIdempotent(connection, 'authorized_key', { user: me, key: K1, path })
  assert.equal(readFileSync(path, 'utf8'), `${K1}\n`)
  assert.equal(statSync(path).mode & 0o777, 0o600)
  assert.equal(statSync(join(path, '..')).mode & 0o777, 0o700)
  const comment = `$(touch drover-pwned-canary) 'it''s' "q"`
  await assertIdempotent(connection, 'authorized_key', { user: me, key: K2, path, comment, key_options: 'command="echo `id`"' })
  assert.equal(readFileSync(path, 'utf8'), `${K1}\ncommand="echo \`id\`" ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQTwo ${comment}\n`)
  writeFileSync(path, readFileSync(path, 'utf8') + '# by hand\n')
  await assertIdempotent(connection, 'authorized_key', { user: me, key: K1, path, exclusive: true })
  assert.equal(readFileSync(path, 'utf8'), `${K1}\n`)
  await assertIdempotent(connection, 'authorized_key', { user: me, key: K1, path, state: 'absent' })
  assert.equal(readFileSync(path, 'utf8'), '')
  assert.equal(existsSync(join(process.cwd(), 'drover-pwned-canary')), false)
})
