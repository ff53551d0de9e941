import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import {
  decryptVault, encryptText, isVaultedValue, parseEnvelope, vaultYamlTags, type VaultedValue,
} from '../../../src/vault/index.js'
import { formatVaultString } from '../../../src/vault/operations.js'
import { fixture, fixtureSecret, FIXTURES, hasAnsibleVault, scratchDir, vectors } from './helpers.js'

for (const v of vectors.files) {
  test(`recorded vector ${v.file} (${v.producer}) decrypts to ${v.plaintext}`, () => {
    const secret = fixtureSecret(v.password, v.vaultId)
    const out = decryptVault(fixture(v.file), [secret], { file: v.file })
    assert.deepEqual(out.plaintext, fixture(v.plaintext))
    assert.equal(out.headerVaultId, v.vaultId)
    assert.equal(out.vaultId, v.vaultId ?? 'default')
  })
  if (v.salt) {
    test(`recorded vector ${v.file} (${v.producer}): drover with the same salt writes the same bytes`, () => {
      const secret = fixtureSecret(v.password, v.vaultId)
      const out = encryptText(fixture(v.plaintext), secret, { salt: Buffer.from(v.salt!, 'hex') })
      assert.equal(out, fixture(v.file).toString())
    })
  }
}

test('every producer is represented: reference, ansible-vault, ansible VaultLib and drover', () => {
  const producers = new Set(vectors.files.map((v) => v.producer))
  assert.deepEqual([...producers].sort(), ['ansible-vault', 'ansible-vaultlib', 'drover', 'reference'])
})

for (const iv of vectors.inline) {
  test(`recorded inline !vault values in ${iv.file} (${iv.producer}) reveal their plaintext`, () => {
    const doc = parse(fixture(iv.file).toString(), { customTags: vaultYamlTags(iv.file) }) as Record<string, unknown>
    assert.equal(doc.plain, 'not secret')
    for (const [key, [plaintext, pwFile, id]] of Object.entries(iv.values)) {
      const value = doc[key]
      assert.ok(isVaultedValue(value), `${key} is a VaultedValue`)
      const v = value as VaultedValue
      assert.equal(parseEnvelope(v.ciphertext).vaultId, id === 'default' ? undefined : id)
      assert.equal(v.reveal([fixtureSecret(pwFile, id)]), plaintext)
    }
  })
}

test('encrypt_string layout: "name: !vault |" then the envelope indented by 10 spaces, no final newline', () => {
  const ansible = fixture('ansible-inline.yml').toString()
  const block = ansible.slice(ansible.indexOf('db_password'), ansible.indexOf('\napi_token'))
  const envelope = block.split('\n').slice(1).map((l) => l.slice(10)).join('\n') + '\n'
  assert.equal(formatVaultString(envelope, 'db_password'), block)
  assert.equal(formatVaultString('$ANSIBLE_VAULT;1.1;AES256\nab\n'), '!vault |\n          $ANSIBLE_VAULT;1.1;AES256\n          ab')
})

const liveName = (what: string): string => hasAnsibleVault ? `live: ${what}` : `live: ${what} (skipped: ansible-vault is not on PATH)`

test(liveName('ansible-vault decrypts what drover encrypts, 1.1 and 1.2'), { skip: !hasAnsibleVault }, async () => {
  const dir = await scratchDir()
  const plaintext = 'db_password: "p@ss ✓"\nlines:\n' + '  - x\n'.repeat(40)
  for (const [id, pwFile, slug] of [['default', 'pw-ansible.txt', join(FIXTURES, 'pw-ansible.txt')], ['prod', 'pw-prod.txt', `prod@${join(FIXTURES, 'pw-prod.txt')}`]]) {
    const file = join(dir, `${id}.yml`)
    writeFileSync(file, encryptText(plaintext, fixtureSecret(pwFile!, id)))
    const out = execFileSync('ansible-vault', ['decrypt', '--vault-id', slug!, '--output', '-', file], { encoding: 'utf8' })
    assert.equal(out, plaintext)
  }
})

test(liveName('drover decrypts what ansible-vault encrypts now'), { skip: !hasAnsibleVault }, async () => {
  const dir = await scratchDir()
  const file = join(dir, 'live.yml')
  writeFileSync(file, 'token: live ✓\n')
  execFileSync('ansible-vault', ['encrypt', '--vault-id', `live@${join(FIXTURES, 'pw-dev.txt')}`, file], { stdio: 'ignore' })
  const text = readFileSync(file)
  assert.equal(parseEnvelope(text.toString()).vaultId, 'live')
  assert.equal(decryptVault(text, [fixtureSecret('pw-dev.txt', 'live')]).plaintext.toString(), 'token: live ✓\n')
})
