import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { ConnectionPool } from '../../src/connection/pool.js'
import type { Connection } from '../../src/connection/types.js'
import { BECOME_PASSWORD, BECOME_USER, startHarness, type Harness } from '../harness/index.js'
import { targetFor } from './ssh-target.js'

/** The become timeout; PAM delays a failed password by about 2 s, and this machine is often loaded. */
const TIMEOUT_S = 15
let h: Harness
let pool: ConnectionPool

before(async () => {
  h = await startHarness({ hosts: 1, become: true })
})
after(async () => {
  await pool?.closeAll()
  await h?.stop()
})

/** A fresh pool per test: become shells live as long as their connection. */
async function connect(): Promise<Connection> {
  await pool?.closeAll()
  pool = new ConnectionPool({ hostKeys: { checking: 'strict', files: [h.knownHosts] }, env: h.env() })
  return pool.get(targetFor(h, h.hosts[0]!, { privateKeyFile: h.clientKey, timeoutSeconds: TIMEOUT_S }))
}

const text = (b: Buffer): string => b.toString().trim()

test('sudo with a password runs as root; the password is asked once per shell and never in a process argument', async () => {
  const c = await connect()
  const become = { method: 'sudo' as const, user: 'root', password: h.password }
  const first = await c.exec('id -un; echo "$HOME"', { become })
  assert.equal(first.rc, 0, text(first.stderr))
  assert.deepEqual(text(first.stdout).split('\n'), ['root', '/root'], 'sudo -H sets HOME')
  // Commands after the first reuse the escalated shell: no prompt, same shell process.
  const ppid1 = text((await c.exec('echo $PPID', { become })).stdout)
  const ppid2 = text((await c.exec('echo $PPID', { become })).stdout)
  assert.equal(ppid1, ppid2)
  // The unescalated shell is still the login user.
  assert.equal(text((await c.exec('id -un')).stdout), h.user)
  const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
  assert.ok(!processes.includes(h.password!), 'the password is in no process list')
  assert.match(processes, /sudo -H -S -p .*drover become/, 'the escalated shell is running (so the check above looked at it)')
})

test('sudo without a password (NOPASSWD) to an unprivileged become_user', async () => {
  const c = await connect()
  const result = await c.exec('id -un; touch "$HOME/owned-by-become"; stat -c %U "$HOME/owned-by-become"', { become: { method: 'sudo', user: BECOME_USER } })
  assert.equal(result.rc, 0, text(result.stderr))
  assert.deepEqual(text(result.stdout).split('\n'), [BECOME_USER, BECOME_USER])
})

test('stdin and exit codes pass through the escalated shell', async () => {
  const c = await connect()
  const result = await c.exec('cat; exit 3', { become: { method: 'sudo', user: BECOME_USER }, stdin: 'through sudo\n' })
  assert.equal(result.rc, 3)
  assert.equal(text(result.stdout), 'through sudo')
})

test('a wrong sudo password fails clearly within the timeout, and later commands fail the same way without asking again', async () => {
  const c = await connect()
  const started = Date.now()
  const become = { method: 'sudo' as const, user: 'root', password: 'wrong-password' }
  await assert.rejects(c.exec('id -un', { become }), (error: Error) => {
    assert.equal(error.message, 'Incorrect sudo password')
    return true
  })
  assert.ok(Date.now() - started < TIMEOUT_S * 1000, `failed in ${Date.now() - started} ms`)
  await assert.rejects(c.exec('id -un', { become }), /Incorrect sudo password/)
  assert.equal((await c.exec('id -un')).rc, 0, 'the connection itself is fine')
})

test('sudo that needs a password, without one, fails as Missing sudo password', async () => {
  const c = await connect()
  await assert.rejects(c.exec('id -un', { become: { method: 'sudo', user: 'root' } }), /^BecomeError: Missing sudo password$|Missing sudo password/)
})

test('become_flags replace the defaults; become_exe names the program', async () => {
  const c = await connect()
  // sudo resets the environment by default; with -E (in place of -H -S -n) the session's variables survive.
  const probe = 'echo "${HARNESS_HOST:-unset}"'
  const plain = await c.exec(probe, { become: { method: 'sudo', user: 'root', password: h.password } })
  assert.equal(text(plain.stdout), 'unset')
  const kept = await c.exec(probe, { become: { method: 'sudo', user: 'root', password: h.password, flags: '-S -E', exe: '/usr/bin/sudo' } })
  assert.equal(kept.rc, 0, text(kept.stderr))
  assert.equal(text(kept.stdout), h.hosts[0]!.name)
  await assert.rejects(c.exec('true', { become: { method: 'sudo', user: 'root', exe: '/nonexistent/sudo' } }), /privilege escalation with \/nonexistent\/sudo failed: .*not found/)
})

test('su with the target user\'s password, and with a wrong one', async () => {
  const c = await connect()
  const ok = await c.exec('id -un', { become: { method: 'su', user: BECOME_USER, password: BECOME_PASSWORD } })
  assert.equal(ok.rc, 0, text(ok.stderr))
  assert.equal(text(ok.stdout), BECOME_USER)
  const started = Date.now()
  await assert.rejects(c.exec('id -un', { become: { method: 'su', user: BECOME_USER, password: 'nope', flags: '-' } }), /Incorrect su password|su failed/)
  assert.ok(Date.now() - started < TIMEOUT_S * 1000)
  assert.ok(!readFileSync(h.sshdLog(h.hosts[0]!.name), 'utf8').includes(BECOME_PASSWORD), 'never in the sshd log')
})

test('connection: local escalates the same way (root on this machine needs no password)', { skip: process.getuid?.() !== 0 ? 'needs root to sudo without a password' : false }, async () => {
  const { LocalConnection } = await import('../../src/connection/local.js')
  const local = new LocalConnection('localhost')
  try {
    const result = await local.exec('id -un', { become: { method: 'sudo', user: BECOME_USER } })
    assert.equal(result.rc, 0, text(result.stderr))
    assert.equal(text(result.stdout), BECOME_USER)
    assert.equal(text((await local.exec('id -un')).stdout), 'root')
  } finally {
    await local.close()
  }
})

test('an escalation that never answers fails after the timeout instead of hanging', async () => {
  await pool?.closeAll()
  pool = new ConnectionPool({ hostKeys: { checking: 'strict', files: [h.knownHosts] }, env: h.env() })
  const c = await pool.get(targetFor(h, h.hosts[0]!, { privateKeyFile: h.clientKey, timeoutSeconds: 3 }))
  const started = Date.now()
  // A become_exe that neither prompts nor starts the shell: the worst case of an unknown prompt.
  await assert.rejects(c.exec('id -un', { become: { method: 'sudo', user: 'root', exe: 'sleep 60 #', password: 'unused' } }), /Timeout \(3s\) waiting for privilege escalation/)
  assert.ok(Date.now() - started >= 2900)
  assert.equal((await c.exec('echo still-here')).stdout.toString().trim(), 'still-here')
})
