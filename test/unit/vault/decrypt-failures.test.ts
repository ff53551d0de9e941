import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decryptText, decryptVault, encryptText, secretFromPassword, VaultFailureError, type VaultFailure } from '../../../src/vault/index.js'
import { fixture, fixtureSecret } from './helpers.js'

function failsWith(fn: () => unknown, reason: VaultFailure, message?: RegExp): VaultFailureError {
  let caught: unknown
  try {
    fn()
  } catch (err) {
    caught = err
  }
  assert.ok(caught instanceof VaultFailureError, `expected a VaultFailureError, got ${String(caught)}`)
  assert.equal(caught.code, 'E_VAULT')
  assert.equal(caught.reason, reason, caught.message)
  if (message) assert.match(caught.message, message)
  return caught
}

const vars = fixture('ansible-1.1-vars.yml')
const devVars = fixture('ansible-1.2-dev-vars.yml')

test('wrong password: Ansible\'s message, naming the file', () => {
  const err = failsWith(() => decryptVault(vars, [secretFromPassword('wrong')], { file: 'enc.yml' }), 'no-match')
  assert.equal(err.message, 'Decryption failed (no vault secrets were found that could decrypt) on enc.yml')
  assert.equal(err.file, 'enc.yml')
})

test('no secrets at all: "Attempting to decrypt but no vault secrets found", with a hint', () => {
  const err = failsWith(() => decryptVault(vars, []), 'no-secrets')
  assert.equal(err.summary, 'Attempting to decrypt but no vault secrets found')
  assert.match(err.hint!, /--vault-password-file/)
})

test('unknown vault id: the header names an id no secret has, and the message says so', () => {
  const err = failsWith(() => decryptVault(devVars, [secretFromPassword('x', 'prod'), secretFromPassword('y')], { file: 'dev.yml' }), 'unknown-vault-id')
  assert.equal(err.summary, 'Decryption failed (no vault secrets were found that could decrypt) on dev.yml')
  assert.equal(err.hint, "The data is encrypted for vault id 'dev', and no secret was given for it (given: prod, default).")
})

test('a secret with another id still decrypts a 1.2 file (Ansible tries all), unless idMatch', () => {
  const right = fixtureSecret('pw-dev.txt', 'other')
  assert.equal(decryptVault(devVars, [right]).vaultId, 'other')
  failsWith(() => decryptVault(devVars, [right], { idMatch: true }), 'unknown-vault-id')
})

test('the secret whose id matches the header is tried first, then the others in order', () => {
  const pw = fixture('pw-dev.txt').toString().trim()
  const [a, dev] = [secretFromPassword(pw, 'a'), secretFromPassword(pw, 'dev')]
  assert.equal(decryptVault(devVars, [a, dev]).vaultId, 'dev')
  const v11 = encryptText('x', a, { vaultId: 'default' })
  assert.equal(decryptVault(v11, [dev, a]).vaultId, 'dev', 'no header id: first that works')
  assert.equal(decryptVault(v11, [secretFromPassword('no', 'n'), a]).vaultId, 'a')
})

test('tampered: changing any one byte of the body to another hex digit is detected, never decrypted', () => {
  const text = vars.toString()
  const bodyStart = text.indexOf('\n') + 1
  const secrets = [fixtureSecret('pw-ansible.txt')]
  let checked = 0
  for (let i = bodyStart; i < text.length; i += 5) {
    const c = text[i]!
    if (c === '\n') continue
    // Changing an outer digit to another digit keeps the outer hex valid; what breaks is the
    // inner layer (format) or the HMAC (no-match), depending on where the byte is.
    const replacement = c === '3' ? '6' : c === '6' ? '3' : c === '0' ? '1' : '0'
    const tampered = text.slice(0, i) + replacement + text.slice(i + 1)
    let caught: unknown
    try {
      decryptText(tampered, secrets, 'enc.yml')
    } catch (err) {
      caught = err
    }
    assert.ok(caught instanceof VaultFailureError, `byte ${i} changed: must fail`)
    assert.ok(['no-match', 'format'].includes(caught.reason), `byte ${i}: ${caught.message}`)
    checked++
  }
  assert.ok(checked > 50)
})

test('tampered ciphertext that keeps the format valid fails exactly like a wrong password', () => {
  // Swap one inner ciphertext digit: flip the outer pair for 'a' (61) to 'b' (62) near the end.
  const text = vars.toString()
  const at = text.lastIndexOf('61')
  const tampered = text.slice(0, at) + '62' + text.slice(at + 2)
  const err = failsWith(() => decryptText(tampered, [fixtureSecret('pw-ansible.txt')], 'enc.yml'), 'no-match')
  assert.equal(err.message, 'Decryption failed (no vault secrets were found that could decrypt) on enc.yml')
})

test('truncated: every cut of a vault file fails with a VaultFailureError, never garbage', () => {
  const text = vars.toString()
  const secrets = [fixtureSecret('pw-ansible.txt')]
  for (let len = 0; len < text.length - 1; len += 11) {
    const cut = text.slice(0, len)
    let caught: unknown
    try {
      decryptText(cut, secrets, 'cut.yml')
    } catch (err) {
      caught = err
    }
    assert.ok(caught instanceof VaultFailureError, `cut at ${len} must fail with a VaultFailureError, got ${String(caught)}`)
    const headerLength = text.indexOf('\n')
    const expected = len < '$ANSIBLE_VAULT'.length ? ['not-vaulted'] : len <= headerLength ? ['format', 'cipher'] : ['format', 'no-match']
    assert.ok(expected.includes(caught.reason), `cut at ${len}: ${caught.reason} ${caught.message}`)
  }
})

test('truncated to the header line: a clear format error that suspects truncation', () => {
  failsWith(() => decryptText('$ANSIBLE_VAULT;1.1;AES256\n', [secretFromPassword('x')], 't.yml'), 'format', /in t\.yml: .*truncated/)
  failsWith(() => decryptText(vars.toString().slice(0, 150), [secretFromPassword('x')], 't.yml'), 'format', /odd number of hex digits/)
})

test('another cipher and non-vault data are refused with Ansible\'s messages', () => {
  failsWith(() => decryptText(vars.toString().replace('AES256', 'AES128'), [secretFromPassword('x')]), 'cipher', /^AES128 cipher could not be found$/)
  failsWith(() => decryptText('key: value\n', [secretFromPassword('x')], 'plain.yml'), 'not-vaulted', /^input is not vault encrypted data\. plain\.yml is not a vault encrypted file$/)
})

test('encrypting vault data again is refused', () => {
  failsWith(() => encryptText(vars, secretFromPassword('x')), 'already-vaulted', /^input is already encrypted$/)
})
