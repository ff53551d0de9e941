import assert from 'node:assert/strict'
import { test } from 'node:test'
import { REDACTED, SecretRegistry } from '../../../src/vault/index.js'

test('redact masks every occurrence of every registered secret', () => {
  const r = new SecretRegistry()
  r.add('hunter2')
  r.add('s3cr.t*')
  assert.equal(r.redact('pw=hunter2 again hunter2; other s3cr.t* but not s3crXt'), `pw=${REDACTED} again ${REDACTED}; other ${REDACTED} but not s3crXt`)
})

test('with nothing registered, text passes through unchanged', () => {
  const r = new SecretRegistry()
  assert.equal(r.size, 0)
  assert.equal(r.redact('anything hunter2'), 'anything hunter2')
})

test('the longest secret wins when one contains another', () => {
  const r = new SecretRegistry({ mask: 'XX' })
  r.add('abc')
  r.add('abcdef')
  assert.equal(r.redact('abcdef abc'), 'XX XX')
})

test('whitespace-only values are not registered (they would blank all output)', () => {
  const r = new SecretRegistry()
  r.add('')
  r.add('  \n')
  assert.equal(r.size, 0)
})

test('a value with surrounding whitespace is also caught trimmed; multi-line secrets line by line', () => {
  const r = new SecretRegistry()
  r.add('-----BEGIN KEY-----\nAAAAB3NzaC1yc2E\n}\n')
  assert.equal(r.redact('line: AAAAB3NzaC1yc2E'), `line: ${REDACTED}`)
  assert.equal(r.redact('{ "a": 1 }'), '{ "a": 1 }', 'short lines such as "}" are not masked on their own')
  assert.equal(r.redact('x -----BEGIN KEY-----\nAAAAB3NzaC1yc2E\n} y'), `x ${REDACTED} y`)
})

test('JSON-escaped spellings are caught after serialisation', () => {
  const r = new SecretRegistry()
  r.add('pa"ss\\word')
  assert.equal(r.redact(JSON.stringify({ msg: 'pa"ss\\word' })), `{"msg":"${REDACTED}"}`)
})

test('redactDeep copies a result with every string, key included, redacted', () => {
  const r = new SecretRegistry()
  r.add('topsecret')
  const result = { msg: 'value topsecret', list: ['topsecret', 3, null], nested: { topsecret: true }, n: 1 }
  const out = r.redactDeep(result)
  assert.deepEqual(out, { msg: `value ${REDACTED}`, list: [REDACTED, 3, null], nested: { [REDACTED]: true }, n: 1 })
  assert.equal(result.msg, 'value topsecret', 'the input is not modified')
  const cyclic: Record<string, unknown> = { a: 'topsecret' }
  cyclic.self = cyclic
  const c = r.redactDeep(cyclic) as Record<string, unknown>
  assert.equal(c.a, REDACTED)
  assert.equal(c.self, c)
})

test('addLeaves registers the string values of a decrypted vars file, not its keys or syntax', () => {
  const r = new SecretRegistry()
  r.addLeaves({ db_password: 'p4ssw0rd', users: [{ name: 'alice', token: 'tok-123456' }], port: 5432 })
  assert.equal(r.has('p4ssw0rd'), true)
  assert.equal(r.has('tok-123456'), true)
  assert.equal(r.has('db_password'), false)
  assert.equal(r.redact('db_password: p4ssw0rd'), `db_password: ${REDACTED}`)
})
