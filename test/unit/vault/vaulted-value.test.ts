import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LineCounter, parse, parseDocument, stringify, type Scalar } from 'yaml'
import {
  encryptText, isVaultedValue, SecretRegistry, secretFromPassword, vaultYamlTags, VaultedValue, VaultFailureError,
} from '../../../src/vault/index.js'
import { fixture, fixtureSecret } from './helpers.js'

const secret = secretFromPassword('pw')
const envelope = encryptText('s3cret', secret)
const indented = envelope.trimEnd().split('\n').map((l) => `    ${l}`).join('\n')

test('!vault | values parse into VaultedValues that keep the envelope text and the file', () => {
  const doc = parse(`db:\n  password: !vault |\n${indented}\n  user: app\n`, { customTags: vaultYamlTags('group_vars/all.yml') }) as {
    db: { password: unknown; user: string }
  }
  assert.equal(doc.db.user, 'app')
  assert.ok(isVaultedValue(doc.db.password))
  const v = doc.db.password as VaultedValue
  assert.equal(v.ciphertext, envelope)
  assert.equal(v.source.file, 'group_vars/all.yml')
  assert.equal(v.reveal([secret]), 's3cret')
})

test('the older !vault-encrypted spelling is accepted too', () => {
  const doc = parse(`x: !vault-encrypted |\n${indented}\n`, { customTags: vaultYamlTags() }) as { x: unknown }
  assert.equal((doc.x as VaultedValue).reveal([secret]), 's3cret')
})

test('decryption is lazy: parsing needs no secret, and a value never revealed never fails', () => {
  const doc = parse(`a: !vault |\n${indented}\nb: plain\n`, { customTags: vaultYamlTags() }) as { a: VaultedValue; b: string }
  assert.equal(doc.b, 'plain')
  assert.throws(() => doc.a.reveal([]), (err: unknown) => err instanceof VaultFailureError && err.reason === 'no-secrets')
  assert.throws(() => doc.a.reveal([secretFromPassword('wrong')]), /Decryption failed/)
  assert.equal(doc.a.reveal([secret]), 's3cret')
})

test('a revealed value is registered for redaction when a registry is given', () => {
  const registry = new SecretRegistry()
  const v = new VaultedValue(envelope)
  v.reveal([secret])
  assert.equal(registry.has('s3cret'), false)
  v.reveal([secret], { registry })
  assert.equal(registry.has('s3cret'), true)
  assert.equal(registry.redact('password is s3cret.'), 'password is ********.')
})

test('errors name the source position when the loader attached one', () => {
  const v = new VaultedValue(envelope).at({ file: 'vars.yml', line: 7 })
  assert.throws(() => v.reveal([secretFromPassword('wrong')]), (err: unknown) => {
    assert.ok(err instanceof VaultFailureError)
    assert.equal(err.message, 'Decryption failed (no vault secrets were found that could decrypt) on vars.yml:7')
    return true
  })
})

test('a VaultedValue never turns into its plaintext by accident', () => {
  const v = new VaultedValue(envelope)
  v.reveal([secret])
  assert.equal(String(v), '<vaulted value>')
  assert.equal(`${v}`.includes('s3cret'), false)
  assert.deepEqual(JSON.parse(JSON.stringify({ v })), { v: { __ansible_vault: envelope } })
})

test('stringify writes !vault values back as literal blocks that parse again', () => {
  const doc = parse(fixture('ansible-inline.yml').toString(), { customTags: vaultYamlTags() })
  const text = stringify(doc, { customTags: vaultYamlTags() })
  assert.match(text, /^db_password: !vault \|\n {2}\$ANSIBLE_VAULT;1\.1;AES256\n/m)
  const again = parse(text, { customTags: vaultYamlTags() }) as Record<string, VaultedValue>
  assert.equal(again.db_password!.reveal([fixtureSecret('pw-ansible.txt')]), 'supersecret')
  assert.equal(again.multi!.reveal([fixtureSecret('pw-ansible.txt')]), 'line one\nline two\n')
})

test('the loader can attach line numbers to vaulted scalars found through parseDocument', () => {
  const lineCounter = new LineCounter()
  const doc = parseDocument(`a: 1\nb: !vault |\n${indented}\n`, { customTags: vaultYamlTags('f.yml'), lineCounter })
  const node = doc.get('b', true) as Scalar
  assert.ok(node.value instanceof VaultedValue)
  const located = node.value.at({ file: 'f.yml', line: lineCounter.linePos(node.range![0]).line })
  assert.deepEqual(located.source, { file: 'f.yml', line: 2 })
  assert.throws(() => located.reveal([secretFromPassword('wrong')]), /on f\.yml:2$/)
})
