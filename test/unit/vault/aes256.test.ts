import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  decryptBody, decryptVault, encryptBody, encryptText, parseBody, parseEnvelope, secretFromPassword, VaultFailureError,
} from '../../../src/vault/index.js'
import { fixture, fixtureSecret } from './helpers.js'

const SALT = Buffer.from(Array.from({ length: 32 }, (_, i) => i))

test('reference §7.4 vector: encrypting "hello world\\n" with a fixed salt gives the recorded text', () => {
  const out = encryptText('hello world\n', secretFromPassword('ansible'), { salt: SALT })
  assert.equal(out, fixture('reference-7.4.txt').toString())
})

test('reference §7.4 vector: the inner layer is salt, HMAC and a 16-byte ciphertext', () => {
  const body = parseBody(parseEnvelope(fixture('reference-7.4.txt').toString()).body)
  assert.deepEqual(body.salt, SALT)
  assert.equal(body.hmac.toString('hex'), 'fa8e80b390cf1db7a4454771fc548250e51af723e94be135ea0fcb235d5503c7')
  assert.equal(body.ciphertext.toString('hex'), '48431545ee094337dbfd0acc71aa5c92')
  assert.equal(decryptBody(body, Buffer.from('ansible'))?.toString(), 'hello world\n')
})

test('PKCS#7 padding: a block-aligned plaintext gets a whole block of padding', () => {
  for (const [len, ctLen] of [[0, 16], [15, 16], [16, 32], [17, 32]] as const) {
    const body = parseBody(encryptBody(Buffer.alloc(len, 0x61), Buffer.from('pw')))
    assert.equal(body.ciphertext.length, ctLen, `plaintext of ${len} bytes`)
    assert.equal(decryptBody(body, Buffer.from('pw'))?.length, len)
  }
})

test('a random salt of 32 bytes makes each encryption different, and both decrypt', () => {
  const s = secretFromPassword('pw')
  const a = encryptText('same', s)
  const b = encryptText('same', s)
  assert.notEqual(a, b)
  assert.equal(parseBody(parseEnvelope(a).body).salt.length, 32)
  assert.equal(decryptVault(a, [s]).plaintext.toString(), 'same')
  assert.equal(decryptVault(b, [s]).plaintext.toString(), 'same')
})

test('a wrong password fails the HMAC: decryptBody returns undefined, nothing decrypted', () => {
  const body = parseBody(parseEnvelope(fixture('ansible-1.1-vars.yml').toString()).body)
  assert.equal(decryptBody(body, Buffer.from('not-the-password')), undefined)
})

test('the HMAC is checked before decrypting: a changed ciphertext byte is a failed HMAC, never a padding error', () => {
  const body = parseBody(parseEnvelope(fixture('reference-7.4.txt').toString()).body)
  // Flipping the last byte would break the PKCS#7 padding if the data were decrypted first.
  const ciphertext = Buffer.from(body.ciphertext)
  ciphertext[ciphertext.length - 1]! ^= 0x01
  assert.equal(decryptBody({ ...body, ciphertext }, Buffer.from('ansible')), undefined)
  const hmac = Buffer.from(body.hmac)
  hmac[0]! ^= 0x80
  assert.equal(decryptBody({ ...body, hmac }, Buffer.from('ansible')), undefined)
  assert.equal(decryptBody({ ...body, hmac: body.hmac.subarray(0, 31) }, Buffer.from('ansible')), undefined, 'short HMAC')
})

test('parseBody rejects odd-length, non-hex and two-part bodies as format errors', () => {
  const good = parseEnvelope(fixture('reference-7.4.txt').toString()).body
  const cases: [string, RegExp][] = [
    [good.slice(0, -1), /odd number of hex digits/],
    [good.slice(0, 100) + 'zz' + good.slice(102), /non-hexadecimal character "z"/],
    [good.slice(0, 160), /found 2 parts/],
    ['', /found 1 part /],
    // Valid outer hex whose inner text is not hex: the changed digit turns '0' (0x30) into 'p' (0x70).
    ['7' + good.slice(1), /salt contains the non-hexadecimal character/],
  ]
  for (const [body, message] of cases) {
    assert.throws(() => parseBody(body, 'f.yml'), (err: unknown) => {
      assert.ok(err instanceof VaultFailureError)
      assert.equal(err.reason, 'format')
      assert.match(err.message, /^Vault format error in f\.yml: /)
      assert.match(err.message, message)
      return true
    })
  }
})

test('a password that is not ASCII is used as its UTF-8 bytes', () => {
  const text = encryptText('x', secretFromPassword('pässwörd ✓'))
  assert.equal(decryptVault(text, [secretFromPassword(Buffer.from('pässwörd ✓', 'utf8'))]).plaintext.toString(), 'x')
  assert.throws(() => decryptVault(text, [secretFromPassword(Buffer.from('pässwörd ✓', 'latin1'))]))
})

test('fixture password files decrypt their recorded vectors', () => {
  assert.equal(decryptVault(fixture('ansible-1.1-vars.yml'), [fixtureSecret('pw-ansible.txt')]).plaintext.toString(), fixture('plain-vars.yml').toString())
})
