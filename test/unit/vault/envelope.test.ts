import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatEnvelope, isVaultedText, parseEnvelope, VaultFailureError } from '../../../src/vault/index.js'
import { fixture } from './helpers.js'

test('isVaultedText: header at the start of ASCII data, as Ansible\'s is_encrypted', () => {
  assert.equal(isVaultedText('$ANSIBLE_VAULT;1.1;AES256\n3031\n'), true)
  assert.equal(isVaultedText(Buffer.from('$ANSIBLE_VAULT;1.1;AES256\n')), true)
  assert.equal(isVaultedText(' $ANSIBLE_VAULT;1.1;AES256\n'), false)
  assert.equal(isVaultedText('key: value\n'), false)
  assert.equal(isVaultedText('$ANSIBLE_VAULT;1.1;AES256\n\u00e9'), false, 'non-ASCII data is never vault data')
  assert.equal(isVaultedText(Buffer.from([0x24, 0x41, 0xff])), false)
  assert.equal(isVaultedText(''), false)
})

test('parseEnvelope reads a 1.1 header and joins the body lines', () => {
  const env = parseEnvelope(fixture('reference-7.4.txt').toString())
  assert.equal(env.version, '1.1')
  assert.equal(env.cipher, 'AES256')
  assert.equal(env.vaultId, undefined)
  assert.equal(env.body.length, 80 * 4 + 4)
  assert.ok(!env.body.includes('\n'))
})

test('parseEnvelope reads the vault id of a 1.2 header and accepts CRLF line ends', () => {
  const text = fixture('ansible-1.2-dev-vars.yml').toString()
  const env = parseEnvelope(text)
  assert.equal(env.version, '1.2')
  assert.equal(env.vaultId, 'dev')
  assert.deepEqual(parseEnvelope(text.replace(/\n/g, '\r\n')), env)
})

test('parseEnvelope rejects a header with too few fields, naming the file', () => {
  assert.throws(() => parseEnvelope('$ANSIBLE_VAULT\n', 'x.yml'), (err: unknown) => {
    assert.ok(err instanceof VaultFailureError)
    assert.equal(err.reason, 'format')
    assert.equal(err.code, 'E_VAULT')
    assert.equal(err.file, 'x.yml')
    assert.match(err.message, /Vault envelope format error in x\.yml/)
    return true
  })
})

test('formatEnvelope wraps at 80 columns and ends with a newline, byte for byte like Ansible', () => {
  for (const name of ['reference-7.4.txt', 'ansible-1.1-vars.yml', 'ansible-1.2-dev-vars.yml', 'ansible-1.2-prod-200.txt']) {
    const text = fixture(name).toString()
    const env = parseEnvelope(text)
    assert.equal(formatEnvelope(env.body, env.vaultId), text, name)
  }
})

test('formatEnvelope writes 1.1 for no id and for "default", 1.2;ID otherwise', () => {
  assert.equal(formatEnvelope('ab'), '$ANSIBLE_VAULT;1.1;AES256\nab\n')
  assert.equal(formatEnvelope('ab', 'default'), '$ANSIBLE_VAULT;1.1;AES256\nab\n')
  assert.equal(formatEnvelope('ab', 'prod'), '$ANSIBLE_VAULT;1.2;AES256;prod\nab\n')
  const long = 'a'.repeat(161)
  assert.deepEqual(formatEnvelope(long).split('\n').map((l) => l.length), [25, 80, 80, 1, 0])
})
