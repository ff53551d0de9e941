import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { ConnectCache } from '../../../src/connection/connect-cache.js'
import { loadIdentities } from '../../../src/connection/identities.js'
import { ConnectionError } from '../../../src/errors.js'
import { tempDir } from '../../support/temp-dir.js'

const noPassphrase = async () => undefined

test('the cache parses an ssh config once, and again when its text changes', () => {
  const dir = tempDir('connect-cache-')
  const file = join(dir, 'config')
  writeFileSync(file, 'Host a\n  User one\n')
  const cache = new ConnectCache()
  const first = cache.sshConfig(file, dir)
  assert.equal(cache.sshConfig(file, dir), first)
  writeFileSync(file, 'Host a\n  User two\n')
  const second = cache.sshConfig(file, dir)
  assert.notEqual(second, first)
  assert.deepEqual(second.blocks.at(-1)!.options, [['user', 'two']])
  // A missing file is an empty config, as without the cache.
  assert.deepEqual(cache.sshConfig(join(dir, 'absent'), dir), { blocks: [] })
})

test('the cache re-reads a config with Include every time: included files may change', () => {
  const dir = tempDir('connect-cache-')
  const file = join(dir, 'config')
  writeFileSync(join(dir, 'more'), 'Host b\n  User one\n')
  writeFileSync(file, `Include ${join(dir, 'more')}\n`)
  const cache = new ConnectCache()
  cache.sshConfig(file, dir)
  writeFileSync(join(dir, 'more'), 'Host b\n  User two\n')
  assert.deepEqual(cache.sshConfig(file, dir).blocks.flatMap((b) => b.options), [['user', 'two']])
})

test('the cache parses a key once per file, and again when the file is replaced or appears', async () => {
  const dir = tempDir('connect-cache-')
  const key = join(dir, 'id_ed25519')
  const cache = new ConnectCache()
  const files = [{ path: key, explicit: false }]
  assert.deepEqual(await loadIdentities('h1', files, noPassphrase, cache), [])
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key])
  const [a] = await loadIdentities('h1', files, noPassphrase, cache)
  const [b] = await loadIdentities('h2', files, noPassphrase, cache)
  assert.ok(a && b)
  assert.equal(b.key, a.key)
  rmSync(key)
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key])
  const [c] = await loadIdentities('h3', files, noPassphrase, cache)
  assert.notEqual(c!.key.getPublicSSH().toString('base64'), a!.key.getPublicSSH().toString('base64'))
})

test('a key that fails to load fails for every host, each under its own name', async () => {
  const dir = tempDir('connect-cache-')
  const key = join(dir, 'id_rsa')
  writeFileSync(key, 'not a key\n')
  const cache = new ConnectCache()
  const files = [{ path: key, explicit: true }]
  const errors = await Promise.all(['h1', 'h2'].map((h) => loadIdentities(h, files, noPassphrase, cache).then(() => undefined, (e: unknown) => e)))
  for (const [i, error] of errors.entries()) {
    assert.ok(error instanceof ConnectionError)
    assert.equal(error.host, `h${i + 1}`)
    assert.match(error.message, /Failed to load the private key/)
  }
  // An explicit key that does not exist is an error, cached or not.
  await assert.rejects(loadIdentities('h1', [{ path: join(dir, 'absent'), explicit: true }], noPassphrase, cache), /no such file/)
})
