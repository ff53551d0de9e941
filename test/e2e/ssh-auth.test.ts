import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { HostKeyChecker } from '../../src/connection/host-key-policy.js'
import { ConnectionPool } from '../../src/connection/pool.js'
import { SshConnection } from '../../src/connection/ssh.js'
import type { ConnectionTarget } from '../../src/connection/types.js'
import { KEY_PASSPHRASE, startHarness, type Harness } from '../harness/index.js'
import { targetFor } from './ssh-target.js'

let h: Harness
/** A HOME without keys: only what a test names explicitly (or an agent) can log in. */
let bareHome: string

before(async () => {
  h = await startHarness({ hosts: 2, passwordHosts: 1, extraKeys: true })
  bareHome = join(h.dir, 'bare-home')
  mkdirSync(join(bareHome, '.ssh'), { recursive: true })
})
after(() => h?.stop())

function open(target: ConnectionTarget, env: NodeJS.ProcessEnv = { HOME: bareHome }): Promise<SshConnection> {
  return SshConnection.open(target, { hostKeys: new HostKeyChecker({ checking: 'strict', files: [h.knownHosts] }), env })
}

async function whoami(connection: { exec(c: string): Promise<{ rc: number; stdout: Buffer }>; close(): Promise<void> }): Promise<string> {
  try {
    const result = await connection.exec('id -un')
    assert.equal(result.rc, 0)
    return result.stdout.toString().trim()
  } finally {
    await connection.close()
  }
}

const log = (name: string): string => readFileSync(h.sshdLog(name), 'utf8')

test('ed25519 and rsa key files log in', async () => {
  const host = h.hosts[1]!
  assert.equal(await whoami(await open(targetFor(h, host, { privateKeyFile: h.clientKey }))), h.user)
  assert.equal(await whoami(await open(targetFor(h, host, { privateKeyFile: h.keys!.rsa }))), h.user)
  assert.match(log(host.name), /Accepted publickey for .* RSA SHA256:/)
})

test('an encrypted key logs in with the passphrase from a file, asked for once per run', async () => {
  const host = h.hosts[1]!
  const passphraseFile = join(h.dir, 'passphrase')
  writeFileSync(passphraseFile, `${KEY_PASSPHRASE}\n`, { mode: 0o600 })
  const pool = new ConnectionPool({ hostKeys: { checking: 'strict', files: [h.knownHosts] }, env: { HOME: bareHome }, passphraseFile })
  try {
    assert.equal(await whoami(await pool.get(targetFor(h, host, { privateKeyFile: h.keys!.ecdsaEncrypted }))), h.user)
  } finally {
    await pool.closeAll()
  }
  let asked = 0
  const prompting = new ConnectionPool({
    hostKeys: { checking: 'strict', files: [h.knownHosts] }, env: { HOME: bareHome },
    askPassphrase: async () => { asked++; return KEY_PASSPHRASE },
  })
  try {
    const targets = h.hosts.map((host) => targetFor(h, host, { privateKeyFile: h.keys!.ecdsaEncrypted }))
    const connections = await Promise.all(targets.map((t) => prompting.get(t)))
    for (const c of connections) assert.equal((await c.exec('true')).rc, 0)
    assert.equal(asked, 1, 'two hosts, one question')
  } finally {
    await prompting.closeAll()
  }
})

test('an encrypted key without a passphrase fails saying so', async () => {
  await assert.rejects(open(targetFor(h, h.hosts[1]!, { privateKeyFile: h.keys!.ecdsaEncrypted })), /is encrypted and no passphrase was given/)
})

test('a key held by ssh-agent logs in (SSH_AUTH_SOCK), with no key file anywhere', async () => {
  const socket = await h.startAgent()
  const host = h.hosts[1]!
  assert.equal(await whoami(await open(targetFor(h, host), { HOME: bareHome, SSH_AUTH_SOCK: socket })), h.user)
  assert.match(log(host.name), /Accepted publickey for .* ED25519 SHA256:/)
})

test('the default identity in ~/.ssh logs in when nothing names a key', async () => {
  assert.equal(await whoami(await open(targetFor(h, h.hosts[1]!), { HOME: h.home })), h.user)
})

test('a password logs in (keyboard-interactive or password, as the server offers)', async () => {
  const host = h.hosts[0]!
  assert.equal(await whoami(await open(targetFor(h, host, { password: h.password }))), h.user)
  // keyboard-interactive comes before password, as in OpenSSH; the PAM prompt is answered with the password.
  assert.match(log(host.name), /Accepted keyboard-interactive\/pam for /)
})

test('a wrong password fails naming the methods tried, in order, and those the server accepts', async () => {
  const host = h.hosts[0]!
  const error = await open(targetFor(h, host, { password: 'not-the-password' })).then(() => undefined, (e: Error) => e)
  assert.ok(error, 'a wrong password must not log in')
  assert.match(error.message, /Permission denied \(publickey,password,keyboard-interactive\)/)
  assert.match(error.message, /Tried: keyboard-interactive, password; the server accepts: publickey,password,keyboard-interactive/)
  assert.doesNotMatch(error.message, /not-the-password/)
})

test('a wrong key fails naming the key tried and the methods the server accepts', async () => {
  const error = await open(targetFor(h, h.hosts[1]!, { privateKeyFile: h.keys!.unauthorized })).then(() => undefined, (e: Error) => e)
  assert.ok(error)
  assert.equal(error.message, `${h.user}@${h.hosts[1]!.address}: Permission denied (publickey). Tried: publickey (${h.keys!.unauthorized}); the server accepts: publickey.`)
})

test('with nothing to offer, the message says how to give credentials', async () => {
  const error = await open(targetFor(h, h.hosts[1]!)).then(() => undefined, (e: Error) => e)
  assert.ok(error)
  assert.match(error.message, /Permission denied \(publickey\)\. Tried: nothing the server accepts; the server accepts: publickey; drover had no key, agent or password to offer/)
})
