import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { OptionsError } from '../../../src/errors.js'
import {
  encryptText, isClientScript, loadVaultSecrets, secretFromPassword, splitVaultId, vaultDefaultsFromEnv, VaultFailureError,
} from '../../../src/vault/index.js'
import { scratchDir } from './helpers.js'

async function file(dir: string, name: string, content: string, mode = 0o600): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, content)
  await chmod(path, mode)
  return path
}

const asText = (secrets: { id: string; bytes: Buffer }[]): string[][] => secrets.map((s) => [s.id, s.bytes.toString()])

test('password file: content stripped of surrounding whitespace, id "default"', async () => {
  const dir = await scratchDir()
  const pw = await file(dir, 'pw', '  s3cret pass \r\n\n')
  assert.deepEqual(asText(await loadVaultSecrets({ passwordFiles: [pw] })), [['default', 's3cret pass']])
})

test('--vault-id label@file names the secret; a relative path resolves against cwd', async () => {
  const dir = await scratchDir()
  await file(dir, 'dev.txt', 'devpw\n')
  assert.deepEqual(asText(await loadVaultSecrets({ vaultIds: ['dev@dev.txt'], cwd: dir })), [['dev', 'devpw']])
})

test('executable password file: run directly, stdout stripped of CR/LF only', async () => {
  const dir = await scratchDir()
  const script = await file(dir, 'pass.sh', '#!/bin/sh\nprintf "  spaced pw \\r\\n"\n', 0o700)
  assert.deepEqual(asText(await loadVaultSecrets({ passwordFiles: [script] })), [['default', '  spaced pw ']])
})

test('a script path full of shell syntax is executed, never interpreted by a shell', async () => {
  const dir = await scratchDir()
  const script = await file(dir, 'pw;touch pwned $(touch pwned2).sh', '#!/bin/sh\necho safe\n', 0o700)
  assert.deepEqual(asText(await loadVaultSecrets({ passwordFiles: [script] })), [['default', 'safe']])
  assert.equal(existsSync(join(dir, 'pwned')), false)
  assert.equal(existsSync(join(process.cwd(), 'pwned2')), false)
})

test('a *-client script is asked for its label with --vault-id; rc 2 means it has no such secret', async () => {
  const dir = await scratchDir()
  const client = await file(dir, 'vault-pass-client.sh',
    '#!/bin/sh\n[ "$1" = --vault-id ] || exit 9\ncase "$2" in prod) echo "pw-for-$2";; *) echo "no $2" >&2; exit 2;; esac\n', 0o700)
  assert.equal(isClientScript(client), true)
  assert.equal(isClientScript('/x/vault-pass.sh'), false)
  assert.deepEqual(asText(await loadVaultSecrets({ vaultIds: [`prod@${client}`] })), [['prod', 'pw-for-prod']])
  await assert.rejects(loadVaultSecrets({ vaultIds: [`dev@${client}`] }), (err: unknown) => {
    assert.ok(err instanceof VaultFailureError)
    assert.match(err.message, /did not find a secret for vault-id=dev: no dev/)
    return true
  })
})

test('a script that exits non-zero is an error that quotes its stderr', async () => {
  const dir = await scratchDir()
  const script = await file(dir, 'fail.sh', '#!/bin/sh\necho "vault locked" >&2\nexit 3\n', 0o700)
  await assert.rejects(loadVaultSecrets({ passwordFiles: [script] }), /returned non-zero \(3\): vault locked/)
})

test('empty passwords are refused, from files and from scripts', async () => {
  const dir = await scratchDir()
  const empty = await file(dir, 'empty', ' \n')
  const script = await file(dir, 'empty.sh', '#!/bin/sh\necho\n', 0o700)
  await assert.rejects(loadVaultSecrets({ passwordFiles: [empty] }), /Invalid vault password was provided from file/)
  await assert.rejects(loadVaultSecrets({ passwordFiles: [script] }), /Invalid vault password was provided from script/)
})

test('a missing password file is warned about and skipped when another source works, thrown when none does', async () => {
  const dir = await scratchDir()
  const good = await file(dir, 'good', 'pw\n')
  const warnings: string[] = []
  const secrets = await loadVaultSecrets({ vaultIds: [`a@${join(dir, 'missing')}`, `b@${good}`], warn: (m) => warnings.push(m) })
  assert.deepEqual(asText(secrets), [['b', 'pw']])
  assert.equal(warnings.length, 1)
  assert.match(warnings[0]!, /^Error getting vault password file \(a\): The vault password file .*missing was not found$/)
  await assert.rejects(loadVaultSecrets({ passwordFiles: [join(dir, 'missing')] }), (err: unknown) =>
    err instanceof VaultFailureError && err.reason === 'secret-source' && /was not found/.test(err.message))
})

test('a vaulted password file is decrypted with a secret loaded before it', async () => {
  const dir = await scratchDir()
  const outer = await file(dir, 'outer', 'outerpw\n')
  const inner = await file(dir, 'inner', encryptText('innerpw\n', secretFromPassword('outerpw')))
  assert.deepEqual(asText(await loadVaultSecrets({ vaultIds: [`o@${outer}`, `i@${inner}`] })), [['o', 'outerpw'], ['i', 'innerpw']])
})

test('order: configured identities, --vault-id, password files, configured file, then the prompt', async () => {
  const dir = await scratchDir()
  const mk = (n: string): Promise<string> => file(dir, n, `${n}-pw`)
  const [cfg, cli, pf, env] = await Promise.all([mk('cfg'), mk('cli'), mk('pf'), mk('env')])
  const asked: string[] = []
  const secrets = await loadVaultSecrets({
    defaultIdentityList: [`cfg@${cfg}`], vaultIds: [`cli@${cli}`], passwordFiles: [pf], defaultPasswordFile: env,
    askVaultPass: true, prompt: async (q) => { asked.push(q); return 'typed\n' },
  })
  assert.deepEqual(asText(secrets), [['cfg', 'cfg-pw'], ['cli', 'cli-pw'], ['default', 'pf-pw'], ['default', 'env-pw'], ['default', 'typed']])
  assert.deepEqual(asked, ['Vault password: '])
})

test('prompts: label@prompt asks with the id; new passwords are asked twice and must match', async () => {
  const answers = ['one', 'new', 'new', 'two', 'three']
  const asked: string[] = []
  const prompt = async (q: string): Promise<string> => { asked.push(q); return answers.shift()! }
  assert.deepEqual(asText(await loadVaultSecrets({ vaultIds: ['dev@prompt'], prompt })), [['dev', 'one']])
  assert.deepEqual(asText(await loadVaultSecrets({ vaultIds: ['prompt'], newPassword: true, prompt })), [['default', 'new']])
  await assert.rejects(loadVaultSecrets({ askVaultPass: true, newPassword: true, prompt }), /Passwords do not match/)
  assert.deepEqual(asked, [
    'Vault password (dev): ', 'New vault password (default): ', 'Confirm new vault password (default): ',
    'New Vault password: ', 'Confirm New Vault password: ',
  ])
  await assert.rejects(loadVaultSecrets({ askVaultPass: true, prompt: async () => '' }), /Invalid vault password was provided/)
})

test('autoPrompt asks only when no other source is given; without it nothing is loaded', async () => {
  let asked = 0
  const prompt = async (): Promise<string> => { asked++; return 'pw' }
  assert.equal((await loadVaultSecrets({ autoPrompt: true, prompt })).length, 1)
  assert.deepEqual(await loadVaultSecrets({ prompt }), [])
  assert.equal(asked, 1)
})

test('a ";" in a vault id is an options error', async () => {
  await assert.rejects(loadVaultSecrets({ vaultIds: ['a;b@x'] }), (err: unknown) => err instanceof OptionsError && /';' is not allowed/.test(err.message))
})

test('splitVaultId splits at the first @ only', () => {
  assert.deepEqual(splitVaultId('dev@/p/a@b'), ['dev', '/p/a@b'])
  assert.deepEqual(splitVaultId('/p/file'), [undefined, '/p/file'])
})

test('environment: DROVER_* wins over ANSIBLE_*, identity lists split on commas', () => {
  assert.deepEqual(vaultDefaultsFromEnv({ ANSIBLE_VAULT_PASSWORD_FILE: '/a', DROVER_VAULT_PASSWORD_FILE: '/d' }), { defaultPasswordFile: '/d' })
  assert.deepEqual(vaultDefaultsFromEnv({ ANSIBLE_VAULT_PASSWORD_FILE: '/a' }), { defaultPasswordFile: '/a' })
  assert.deepEqual(vaultDefaultsFromEnv({ ANSIBLE_VAULT_IDENTITY_LIST: 'dev@/d, prod@/p', ANSIBLE_VAULT_ID_MATCH: 'True' }),
    { defaultIdentityList: ['dev@/d', 'prod@/p'], idMatch: true })
  assert.deepEqual(vaultDefaultsFromEnv({}), {})
})
