import assert from 'node:assert/strict'
import { createHmac, randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { fingerprint, keyTypeOf, knownHostsName, parseKnownHosts, patternsMatch, verifyHostKey } from '../../../src/connection/known-hosts.js'

function blob(type: string, body: string): Buffer {
  const t = Buffer.from(type)
  const b = Buffer.from(body)
  const out = Buffer.alloc(8 + t.length + b.length)
  out.writeUInt32BE(t.length, 0)
  t.copy(out, 4)
  out.writeUInt32BE(b.length, 4 + t.length)
  b.copy(out, 8 + t.length)
  return out
}

const keyA = blob('ssh-ed25519', 'A'.repeat(32))
const keyB = blob('ssh-ed25519', 'B'.repeat(32))
const rsa = blob('ssh-rsa', 'R'.repeat(64))

function hashed(name: string): string {
  const salt = randomBytes(20)
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`
}

test('names and key types as OpenSSH writes them', () => {
  assert.equal(knownHostsName('10.0.0.1', 22), '10.0.0.1')
  assert.equal(knownHostsName('10.0.0.1', 2222), '[10.0.0.1]:2222')
  assert.equal(keyTypeOf(keyA), 'ssh-ed25519')
  assert.match(fingerprint(keyA), /^SHA256:[A-Za-z0-9+/]{43}$/)
})

test('patterns: lists, wildcards, negation, hashed entries', () => {
  assert.ok(patternsMatch('web1,web2', 'web2'))
  assert.ok(patternsMatch('*.example.com', 'a.example.com'))
  assert.ok(!patternsMatch('*.example.com,!bad.example.com', 'bad.example.com'))
  assert.ok(patternsMatch(hashed('[127.0.1.1]:2222'), '[127.0.1.1]:2222'))
  assert.ok(!patternsMatch(hashed('[127.0.1.1]:2222'), '[127.0.1.2]:2222'))
})

test('match, changed, unknown and revoked verdicts', () => {
  const file = [
    `# comment`,
    `[127.0.1.1]:2222 ssh-ed25519 ${keyA.toString('base64')}`,
    `${hashed('[127.0.1.2]:2222')} ssh-ed25519 ${keyA.toString('base64')}`,
    `@revoked * ssh-ed25519 ${keyB.toString('base64')}`,
  ].join('\n')
  const entries = parseKnownHosts(file, '/k')
  assert.equal(verifyHostKey(entries, '[127.0.1.1]:2222', keyA).status, 'match')
  assert.equal(verifyHostKey(entries, '[127.0.1.2]:2222', keyA).status, 'match')
  const changed = verifyHostKey(entries, '[127.0.1.1]:2222', blob('ssh-ed25519', 'C'.repeat(32)))
  assert.equal(changed.status, 'changed')
  assert.equal(changed.status === 'changed' && changed.entry.line, 2)
  assert.equal(verifyHostKey(entries, '[127.0.1.1]:2222', rsa).status, 'unknown', 'a key of another type is unknown, not changed')
  assert.equal(verifyHostKey(entries, '[127.0.1.9]:2222', keyA).status, 'unknown')
  assert.equal(verifyHostKey(entries, '[127.0.1.1]:2222', keyB).status, 'revoked')
})
