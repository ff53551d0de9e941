import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import ssh2 from 'ssh2'
import type { ParsedKey } from 'ssh2'
import { preparedKey } from '../../../src/connection/prepared-key.js'

const { utils } = ssh2

function parsed(type: 'ed25519' | 'rsa' | 'ecdsa', bits?: number): ParsedKey {
  const pair = utils.generateKeyPairSync(type, bits === undefined ? {} : { bits })
  const key = utils.parseKey(pair.private)
  if (key instanceof Error) throw key
  return key
}

const data = randomBytes(300)

test('preparedKey: ed25519 and RSA sign exactly as ssh2 does, with and without a named hash', () => {
  for (const key of [parsed('ed25519'), parsed('rsa', 2048)]) {
    const prepared = preparedKey(key)
    assert.notEqual(prepared.sign, key.sign, `${key.type}: sign is replaced`)
    const algos = key.type === 'ssh-rsa' ? [undefined, 'sha1', 'sha256', 'sha512'] : [undefined]
    for (const algo of algos) assert.ok(prepared.sign(data, algo).equals(key.sign(data, algo)), `${key.type} ${algo ?? 'default'}`)
    assert.ok(prepared.sign(data.toString('latin1')).equals(key.sign(data.toString('latin1'))), `${key.type}: string data`)
  }
})

test('preparedKey: ECDSA signatures (randomised) verify with the key ssh2 parsed, on every curve', () => {
  for (const bits of [256, 384, 521]) {
    const key = parsed('ecdsa', bits)
    const prepared = preparedKey(key)
    assert.notEqual(prepared.sign, key.sign)
    const signature = prepared.sign(data)
    assert.ok(Buffer.isBuffer(signature))
    assert.equal(key.verify(data, signature), true, `nistp${bits}`)
    assert.equal(key.verify(randomBytes(300), signature), false)
  }
})

test('preparedKey: still the key ssh2 parsed for everything else', () => {
  const key = parsed('ed25519')
  const prepared = preparedKey(key)
  assert.equal(utils.parseKey(prepared as unknown as Buffer), prepared, 'ssh2 takes it as already parsed')
  assert.equal(prepared.type, 'ssh-ed25519')
  assert.ok(prepared.getPublicSSH().equals(key.getPublicSSH()))
  assert.equal(prepared.isPrivateKey(), true)
})

test('preparedKey: a failed signature comes back as an Error, as ssh2 expects, not thrown', () => {
  const prepared = preparedKey(parsed('rsa', 2048))
  const result: unknown = prepared.sign(data, 'no-such-hash')
  assert.ok(result instanceof Error)
})

test('preparedKey: a public key is left as it is', () => {
  const pub = utils.parseKey(utils.generateKeyPairSync('ed25519').public)
  if (pub instanceof Error) throw pub
  assert.equal(preparedKey(pub), pub)
})
