import assert from 'node:assert/strict'
import { readFile, realpath, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { test } from 'node:test'
import { parse } from 'yaml'
import { promptSecret, type TerminalInput } from '../../../src/cli/prompt.js'
import { NoTerminalError, OptionsError } from '../../../src/errors.js'
import {
  decryptText, encryptText, parseEnvelope, secretFromPassword, vaultYamlTags, VaultFailureError, type VaultedValue,
} from '../../../src/vault/index.js'
import { runVault, writeFixture } from './cli-harness.js'
import { fixture, FIXTURES, scratchDir } from './helpers.js'

const PW = secretFromPassword('ansible')
const pwFile = join(FIXTURES, 'pw-ansible.txt')
const devFile = join(FIXTURES, 'pw-dev.txt')

async function setup(): Promise<{ dir: string; plain: string }> {
  const dir = await realpath(await scratchDir())
  const plain = await writeFixture(dir, 'vars.yml', 'password: s3cret\n')
  return { dir, plain }
}

test('encrypt in place: a 1.1 vault file, 0600, quiet when stdout is not a terminal', async () => {
  const { plain } = await setup()
  const r = await runVault(['encrypt', '--vault-password-file', pwFile, plain])
  assert.equal(r.error, undefined)
  assert.equal(r.stderr, '')
  const text = await readFile(plain, 'utf8')
  assert.match(text, /^\$ANSIBLE_VAULT;1\.1;AES256\n/)
  assert.equal(decryptText(text, [PW]), 'password: s3cret\n')
  assert.equal((await stat(plain)).mode & 0o777, 0o600)
})

test('encrypt says "Encryption successful" on stderr when stdout is a terminal', async () => {
  const { plain } = await setup()
  const r = await runVault(['encrypt', '--vault-pass-file', pwFile, plain], { stdoutIsTTY: true })
  assert.equal(r.stderr, 'Encryption successful\n')
  assert.equal(r.stdout, '')
})

test('encrypt with --vault-id label@file writes a 1.2 header with the label', async () => {
  const { plain } = await setup()
  await runVault(['encrypt', '--vault-id', `dev@${devFile}`, plain])
  assert.equal(parseEnvelope(await readFile(plain, 'utf8')).vaultId, 'dev')
})

test('encrypt from stdin to stdout, and to --output, leaving the input alone', async () => {
  const { dir, plain } = await setup()
  const r = await runVault(['encrypt', '--vault-password-file', pwFile], { stdin: 'from stdin\n' })
  assert.equal(decryptText(r.stdout, [PW]), 'from stdin\n')
  const out = join(dir, 'out.vault')
  await runVault(['encrypt', '--vault-password-file', pwFile, '--output', out, plain])
  assert.equal(await readFile(plain, 'utf8'), 'password: s3cret\n')
  assert.equal(decryptText(await readFile(out), [PW]), 'password: s3cret\n')
  const dash = await runVault(['encrypt', '--vault-password-file', pwFile, '--output', '-', plain])
  assert.equal(decryptText(dash.stdout, [PW]), 'password: s3cret\n')
})

test('encrypt refuses data that is already vaulted, and changes nothing', async () => {
  const { dir } = await setup()
  const vaulted = await writeFixture(dir, 'v.yml', fixture('ansible-1.1-vars.yml'))
  const r = await runVault(['encrypt', '--vault-password-file', pwFile, vaulted])
  assert.ok(r.error instanceof VaultFailureError)
  assert.equal(r.error.message, 'input is already encrypted')
  assert.deepEqual(await readFile(vaulted), fixture('ansible-1.1-vars.yml'))
})

test('options errors: --output with several files; several ids without --encrypt-vault-id', async () => {
  const { dir, plain } = await setup()
  const other = await writeFixture(dir, 'b.yml', 'b\n')
  const r1 = await runVault(['encrypt', '--vault-password-file', pwFile, '--output', '-', plain, other])
  assert.ok(r1.error instanceof OptionsError)
  assert.equal(r1.error.message, 'At most one input file may be used with the --output option')
  const r2 = await runVault(['encrypt', '--vault-id', `a@${pwFile}`, '--vault-id', `b@${devFile}`, plain])
  assert.ok(r2.error instanceof OptionsError)
  assert.equal(r2.error.message, 'The vault-ids a,b are available to encrypt. Specify the vault-id to encrypt with --encrypt-vault-id')
  const r3 = await runVault(['encrypt', '--vault-id', `a@${pwFile}`, '--vault-id', `b@${devFile}`, '--encrypt-vault-id', 'b', plain])
  assert.equal(r3.error, undefined)
  assert.equal(parseEnvelope(await readFile(plain, 'utf8')).vaultId, 'b')
  assert.equal(await readFile(other, 'utf8'), 'b\n')
})

test('unknown --encrypt-vault-id: Ansible\'s message, nothing written', async () => {
  const { plain } = await setup()
  const r = await runVault(['encrypt', '--vault-id', `a@${pwFile}`, '--encrypt-vault-id', 'prod', plain])
  assert.ok(r.error instanceof VaultFailureError)
  assert.equal(r.error.reason, 'encrypt-id')
  assert.equal(r.error.message, "Did not find a match for --encrypt-vault-id=prod in the known vault-ids ['a']")
  assert.equal(await readFile(plain, 'utf8'), 'password: s3cret\n')
})

test('decrypt in place and to stdout; "Decryption successful" only on a terminal', async () => {
  const { dir } = await setup()
  const v = await writeFixture(dir, 'v.yml', fixture('ansible-1.1-vars.yml'))
  const toStdout = await runVault(['decrypt', '--vault-password-file', pwFile, '--output', '-', v])
  assert.equal(toStdout.stdout, fixture('plain-vars.yml').toString())
  const inPlace = await runVault(['decrypt', '--vault-password-file', pwFile, v], { stdoutIsTTY: true })
  assert.equal(inPlace.stderr, 'Decryption successful\n')
  assert.deepEqual(await readFile(v), fixture('plain-vars.yml'))
})

test('view prints the plaintext, adding a final newline like Ansible\'s display', async () => {
  const { dir } = await setup()
  const v = await writeFixture(dir, 'v.txt', encryptText('no newline', PW))
  const r = await runVault(['view', '--vault-password-file', pwFile, v])
  assert.equal(r.stdout, 'no newline\n')
  const d = await writeFixture(dir, 'd.yml', fixture('ansible-1.2-dev-vars.yml'))
  assert.equal((await runVault(['view', '--vault-id', `dev@${devFile}`, d])).stdout, fixture('plain-vars.yml').toString())
})

// Acceptance 2: each failure is a VaultError (exit 1 in the main program) and writes nothing.
for (const [what, make, reason, message] of [
  ['wrong password', (t: string) => t, 'no-match', /^Decryption failed \(no vault secrets were found that could decrypt\) on (.+) for \1$/],
  ['tampered (one byte changed)', (t: string) => { const i = t.lastIndexOf('61'); return t.slice(0, i) + '62' + t.slice(i + 2) }, 'no-match', /^Decryption failed/],
  ['truncated', (t: string) => t.slice(0, 200), 'format', /Vault format error in .*: .*truncated/],
] as const) {
  test(`decrypt, view, rekey and edit fail on a ${what} with a VaultError and write nothing`, async () => {
    const { dir } = await setup()
    const original = make(fixture('ansible-1.1-vars.yml').toString())
    const v = await writeFixture(dir, 'v.yml', original)
    const password = what === 'wrong password' ? devFile : pwFile
    let edited = false
    for (const args of [['decrypt', v], ['decrypt', '--output', join(dir, 'out'), v], ['view', v], ['rekey', '--new-vault-password-file', devFile, v], ['edit', v]]) {
      const r = await runVault([...args.slice(0, 1), '--vault-password-file', password, ...args.slice(1)], { edit: async () => { edited = true } })
      assert.ok(r.error instanceof VaultFailureError, `${args[0]}: ${String(r.error)}`)
      assert.equal(r.error.code, 'E_VAULT')
      assert.equal(r.error.reason, reason)
      assert.match(r.error.message, message)
      assert.equal(r.stdout, '')
    }
    assert.equal(edited, false, 'the editor never opened')
    assert.equal(await readFile(v, 'utf8'), original)
    await assert.rejects(stat(join(dir, 'out')))
  })
}

test('unknown vault id: the file is for "prod" and only "dev" was given', async () => {
  const { dir } = await setup()
  const v = await writeFixture(dir, 'p.txt', fixture('ansible-1.2-prod-200.txt'))
  const r = await runVault(['decrypt', '--vault-id', `dev@${devFile}`, v])
  assert.ok(r.error instanceof VaultFailureError)
  assert.equal(r.error.reason, 'unknown-vault-id')
  assert.equal(r.error.message, `Decryption failed (no vault secrets were found that could decrypt) on ${v} for ${v}\nThe data is encrypted for vault id 'prod', and no secret was given for it (given: dev).`)
  assert.deepEqual(await readFile(v), fixture('ansible-1.2-prod-200.txt'))
})

test('several files: when one fails, none is written', async () => {
  const { dir } = await setup()
  const good = await writeFixture(dir, 'good.yml', fixture('ansible-1.1-vars.yml'))
  const bad = await writeFixture(dir, 'bad.yml', fixture('ansible-1.2-dev-vars.yml'))
  const r = await runVault(['decrypt', '--vault-password-file', pwFile, good, bad])
  assert.ok(r.error instanceof VaultFailureError)
  assert.deepEqual(await readFile(good), fixture('ansible-1.1-vars.yml'))
})

test('no password source and no terminal: NoTerminalError instead of a prompt that hangs', async () => {
  const { dir } = await setup()
  const v = await writeFixture(dir, 'v.yml', fixture('ansible-1.1-vars.yml'))
  const input = new PassThrough() as PassThrough & TerminalInput
  const r = await runVault(['view', v], { promptSecret: (q) => promptSecret(q, { input, output: new PassThrough() }) })
  assert.ok(r.error instanceof NoTerminalError)
})

test('--ask-vault-pass prompts "Vault password: "; ANSIBLE_VAULT_PASSWORD_FILE is read from the environment', async () => {
  const { dir } = await setup()
  const v = await writeFixture(dir, 'v.yml', fixture('ansible-1.1-vars.yml'))
  const asked: string[] = []
  const r = await runVault(['view', '--ask-vault-pass', v], { promptSecret: async (q) => { asked.push(q); return 'ansible' } })
  assert.deepEqual(asked, ['Vault password: '])
  assert.equal(r.stdout, fixture('plain-vars.yml').toString())
  const env = await runVault(['view', v], { env: { ANSIBLE_VAULT_PASSWORD_FILE: pwFile } })
  assert.equal(env.stdout, fixture('plain-vars.yml').toString())
  const drover = await runVault(['view', v], { env: { DROVER_VAULT_PASSWORD_FILE: pwFile, ANSIBLE_VAULT_PASSWORD_FILE: devFile } })
  assert.equal(drover.stdout, fixture('plain-vars.yml').toString())
})

test('encrypt prompts twice for a new password when none is given', async () => {
  const { plain } = await setup()
  const asked: string[] = []
  await runVault(['encrypt', plain], { promptSecret: async (q) => { asked.push(q); return 'typed-pw' } })
  assert.deepEqual(asked, ['New Vault password: ', 'Confirm New Vault password: '])
  assert.equal(decryptText(await readFile(plain), [secretFromPassword('typed-pw')]), 'password: s3cret\n')
})

test('encrypt-string: named values in Ansible\'s layout that parse back and decrypt', async () => {
  const r = await runVault(['encrypt-string', '--vault-password-file', pwFile, 'supersecret', '--name', 'db_password'])
  assert.equal(r.error, undefined)
  assert.match(r.stdout, /^db_password: !vault \|\n {10}\$ANSIBLE_VAULT;1\.1;AES256\n( {10}[0-9a-f]{80}\n)+ {10}[0-9a-f]{1,80}$/)
  const doc = parse(r.stdout, { customTags: vaultYamlTags() }) as Record<string, VaultedValue>
  assert.equal(doc.db_password!.reveal([PW]), 'supersecret')
  assert.equal(r.stderr, '')
})

test('encrypt_string (Ansible\'s spelling): several strings, names paired in order, delimiters on stderr', async () => {
  const r = await runVault(['encrypt_string', '--vault-id', `dev@${devFile}`, 'a', 'b', '-n', 'x'])
  assert.equal(r.stderr, [
    'The number of --name options do not match the number of args.',
    'The last named variable will be "x". The rest will not have names.',
    '# The encrypted version of variable ("x", the string #1 from the command line args).',
    '# The encrypted version of the string #2 from the command line args.)', ''].join('\n'))
  const [first, second] = r.stdout.split('\n!vault |\n')
  assert.match(first!, /^x: !vault \|\n {10}\$ANSIBLE_VAULT;1\.2;AES256;dev\n/)
  const dev = secretFromPassword('dev-pass', 'dev')
  assert.equal(decryptText(second!.split('\n').map((l) => l.trim()).join('\n'), [dev]), 'b')
})

test('encrypt-string reads stdin with --stdin-name, and refuses empty input', async () => {
  const r = await runVault(['encrypt-string', '--vault-password-file', pwFile, '--stdin-name', 'multi'], { stdin: 'line one\nline two\n' })
  const doc = parse(r.stdout, { customTags: vaultYamlTags() }) as Record<string, VaultedValue>
  assert.equal(doc.multi!.reveal([PW]), 'line one\nline two\n')
  const empty = await runVault(['encrypt-string', '--vault-password-file', pwFile], { stdin: '' })
  assert.ok(empty.error instanceof OptionsError)
  assert.equal(empty.error.message, 'stdin was empty, not encrypting')
  const emptyArg = await runVault(['encrypt-string', '--vault-password-file', pwFile, ''])
  assert.ok(emptyArg.error instanceof OptionsError)
  const both = await runVault(['encrypt-string', '--vault-password-file', pwFile, '-p', '-'])
  assert.ok(both.error instanceof OptionsError)
  assert.equal(both.error.message, 'The --prompt option is not supported if also reading input from stdin')
})

test('encrypt-string --prompt asks for a name and a hidden string', async () => {
  const asked: string[] = []
  const r = await runVault(['encrypt-string', '--vault-password-file', pwFile, '-p', 'x'], {
    promptLine: async (q) => { asked.push(q); return 'token' },
    promptSecret: async (q) => { asked.push(q); return 'hidden value' },
  })
  assert.deepEqual(asked, ['Variable name (enter for no name): ', 'String to encrypt (hidden): '])
  const [prompted] = r.stdout.split('\n!vault |')
  assert.equal((parse(prompted!, { customTags: vaultYamlTags() }) as Record<string, VaultedValue>).token!.reveal([PW]), 'hidden value')
})

test('rekey: new password and salt, same permissions, "Rekey successful"; --new-vault-id sets the header', async () => {
  const { dir } = await setup()
  const v = await writeFixture(dir, 'v.yml', fixture('ansible-1.1-vars.yml'), 0o640)
  const r = await runVault(['rekey', '--vault-password-file', pwFile, '--new-vault-password-file', devFile, v])
  assert.equal(r.error, undefined)
  assert.equal(r.stderr, 'Rekey successful\n')
  assert.equal((await stat(v)).mode & 0o777, 0o640)
  const rekeyed = await readFile(v)
  assert.throws(() => decryptText(rekeyed, [PW]), /Decryption failed/)
  assert.equal(decryptText(await readFile(v), [secretFromPassword('dev-pass')]), fixture('plain-vars.yml').toString())
  await runVault(['rekey', '--vault-password-file', devFile, '--new-vault-id', `prod@${join(FIXTURES, 'pw-prod.txt')}`, v])
  assert.equal(parseEnvelope(await readFile(v, 'utf8')).vaultId, 'prod')
  const both = await runVault(['rekey', '--vault-password-file', devFile, '--new-vault-id', 'x@y', '--new-vault-password-file', 'z', v])
  assert.ok(both.error, 'the two new-password options conflict')
})

test('edit: the editor gets a private copy; the file is re-encrypted with the same vault id and secret', async () => {
  const { dir } = await setup()
  const v = await writeFixture(dir, 'v.yml', fixture('ansible-1.2-dev-vars.yml'))
  let tempPath = ''
  const r = await runVault(['edit', '--vault-id', `dev@${devFile}`, v], {
    edit: async (path) => {
      tempPath = path
      assert.equal((await stat(path)).mode & 0o777, 0o600)
      assert.equal(await readFile(path, 'utf8'), fixture('plain-vars.yml').toString())
      await import('node:fs/promises').then((fs) => fs.appendFile(path, 'added: true\n'))
    },
  })
  assert.equal(r.error, undefined)
  await assert.rejects(stat(tempPath), 'the plaintext copy is gone')
  const text = await readFile(v, 'utf8')
  assert.equal(parseEnvelope(text).vaultId, 'dev')
  assert.equal(decryptText(text, [secretFromPassword('dev-pass', 'dev')]), fixture('plain-vars.yml').toString() + 'added: true\n')
})

test('edit: an unchanged file is not rewritten; an editor that fails leaves no plaintext and no change', async () => {
  const { dir } = await setup()
  const v = await writeFixture(dir, 'v.yml', fixture('ansible-1.1-vars.yml'))
  await runVault(['edit', '--vault-password-file', pwFile, v], { edit: async () => undefined })
  assert.deepEqual(await readFile(v), fixture('ansible-1.1-vars.yml'))
  let tempPath = ''
  const r = await runVault(['edit', '--vault-password-file', pwFile, v], {
    edit: async (path) => { tempPath = path; throw new Error('editor crashed') },
  })
  assert.match(String(r.error), /editor crashed/)
  await assert.rejects(stat(tempPath))
  assert.deepEqual(await readFile(v), fixture('ansible-1.1-vars.yml'))
})

test('edit and create run the real $EDITOR from the environment, without a shell', async () => {
  const { dir } = await setup()
  const v = join(dir, 'sub', 'new.yml')
  const env = { EDITOR: `sh -c 'printf "created: 1\\n" >> "$1"' editor`, PATH: process.env.PATH }
  const r = await runVault(['create', '--vault-password-file', pwFile, v], { env, edit: undefined })
  assert.equal(r.error, undefined)
  assert.match(r.stderr, /\[WARNING\]: .*sub does not exist, creating\.\.\./)
  assert.equal(decryptText(await readFile(v), [PW]), 'created: 1\n')
  assert.equal((await stat(v)).mode & 0o777, 0o600)
  await runVault(['edit', '--vault-password-file', pwFile, v], { env, edit: undefined })
  assert.equal(decryptText(await readFile(v), [PW]), 'created: 1\ncreated: 1\n')
})

test('create refuses an existing file and more than one name', async () => {
  const { dir, plain } = await setup()
  const r = await runVault(['create', '--vault-password-file', pwFile, plain])
  assert.ok(r.error instanceof VaultFailureError)
  assert.equal(r.error.message, `${plain} exists, please use 'edit' instead`)
  const two = await runVault(['create', '--vault-password-file', pwFile, join(dir, 'a'), join(dir, 'b')])
  assert.ok(two.error instanceof OptionsError)
  assert.equal(two.error.message, 'ansible-vault create can take only one filename argument')
})

test('usage errors come back as commander errors instead of exiting the process', async () => {
  const r = await runVault(['view', '--no-such-flag'])
  assert.equal((r.error as { code?: string }).code, 'commander.unknownOption')
  const c = await runVault(['view', '--ask-vault-pass', '--vault-password-file', pwFile, 'x'])
  assert.equal((c.error as { code?: string }).code, 'commander.conflictingOption')
})
