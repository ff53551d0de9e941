import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { vaultYamlTags, type VaultedValue } from '../../../src/vault/index.js'
import { runVault, writeFixture } from './cli-harness.js'
import { fixtureSecret, FIXTURES, hasAnsibleVault, scratchDir } from './helpers.js'

const skip = !hasAnsibleVault
const name = (what: string): string => `live CLI: ${what}${skip ? ' (skipped: ansible-vault is not on PATH)' : ''}`
const pw = join(FIXTURES, 'pw-ansible.txt')
const dev = join(FIXTURES, 'pw-dev.txt')
const ansibleVault = (args: string[]): string => execFileSync('ansible-vault', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

test(name('ansible-vault views what `drover vault encrypt` and `rekey` wrote'), { skip }, async () => {
  const dir = await scratchDir()
  const f = await writeFixture(dir, 'f.yml', 'key: "value ✓"\n')
  assert.equal((await runVault(['encrypt', '--vault-id', `dev@${dev}`, f])).error, undefined)
  assert.equal(ansibleVault(['view', '--vault-id', `dev@${dev}`, f]), 'key: "value ✓"\n')
  assert.equal((await runVault(['rekey', '--vault-id', `dev@${dev}`, '--new-vault-password-file', pw, f])).error, undefined)
  assert.equal(ansibleVault(['view', '--vault-password-file', pw, f]), 'key: "value ✓"\n')
})

test(name('`drover vault view` reads what ansible-vault encrypt and encrypt_string wrote'), { skip }, async () => {
  const dir = await scratchDir()
  const f = await writeFixture(dir, 'f.yml', 'from: ansible\n')
  ansibleVault(['encrypt', '--vault-id', `dev@${dev}`, f])
  assert.equal((await runVault(['view', '--vault-id', `dev@${dev}`, f])).stdout, 'from: ansible\n')
  const yaml = ansibleVault(['encrypt_string', '--vault-password-file', pw, 'inline ✓', '--name', 'v'])
  const doc = parse(yaml, { customTags: vaultYamlTags() }) as { v: VaultedValue }
  assert.equal(doc.v.reveal([fixtureSecret('pw-ansible.txt')]), 'inline ✓')
})

test(name('the same wrong password fails in both with the same message'), { skip }, async () => {
  const dir = await scratchDir()
  const f = await writeFixture(dir, 'f.yml', 'x: 1\n')
  ansibleVault(['encrypt', '--vault-password-file', pw, f])
  const before = await readFile(f)
  let ansibleErr = ''
  try {
    ansibleVault(['view', '--vault-password-file', dev, f])
  } catch (err) {
    ansibleErr = String((err as { stderr: string }).stderr)
  }
  const r = await runVault(['view', '--vault-password-file', dev, f])
  assert.equal(ansibleErr.trim(), `ERROR! ${(r.error as Error).message}`)
  assert.deepEqual(await readFile(f), before)
})
