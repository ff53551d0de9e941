/** fetch, script, get_url, unarchive against a LocalConnection in a temp dir (get_url from a node:http server). */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { fetchDestination } from '../../modules/fetch.js'
import { parseChecksum, urlFilename } from '../../modules/get_url.js'
import { LocalConnection } from '../../src/connection/local.js'
import { runAny } from './run-any.js'

let dir: string
let connection: LocalConnection
let server: Server
let base: string
let hits = 0
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'drover-tm-'))
  connection = new LocalConnection('localhost')
  server = createServer((req, res) => {
    hits++
    if (req.url === '/file.txt') return void res.end('payload\n')
    if (req.url === '/echo') return void req.pipe(res)
    res.statusCode = 404
    res.end('no')
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
after(async () => {
  await connection.close()
  await new Promise<void>((done) => server.close(() => done()))
  rmSync(dir, { recursive: true, force: true })
})

test('fetch destination: dest/host/path, or flat', () => {
  assert.equal(fetchDestination({ src: '/etc/x.conf', dest: '/out', flat: false }, 'web1', '/cwd'), '/out/web1/etc/x.conf')
  assert.equal(fetchDestination({ src: '/etc/x.conf', dest: 'out/', flat: true }, 'web1', '/cwd'), '/cwd/out/x.conf')
  assert.equal(fetchDestination({ src: '/etc/x.conf', dest: 'out/y', flat: true }, 'web1', '/cwd'), '/cwd/out/y')
})

test('get_url helpers: checksum spec and the file name a URL lands in', () => {
  assert.deepEqual(parseChecksum('SHA256:AB12'), { algorithm: 'sha256', digest: 'ab12' })
  assert.deepEqual(parseChecksum('crc:1'), { error: 'The checksum parameter has to be in format <algorithm>:<checksum>' })
  assert.equal(parseChecksum(''), undefined)
  assert.equal(urlFilename('https://h/a/b%20c.tgz?x=1'), 'b c.tgz')
})

test('fetch: changed once, then unchanged; missing files fail unless fail_on_missing is off; skipped in check mode', async () => {
  const src = join(dir, "fe tch '$(x)'.txt")
  writeFileSync(src, 'remote\n')
  const out = join(dir, 'fetched')
  const first = await runAny(connection, 'fetch', { src, dest: out }, { host: 'web1' })
  assert.equal(first.changed, true, JSON.stringify(first))
  assert.equal(readFileSync(join(out, 'web1', src), 'utf8'), 'remote\n')
  assert.equal(first.checksum, createHash('sha1').update('remote\n').digest('hex'))
  const second = await runAny(connection, 'fetch', { src, dest: out }, { host: 'web1' })
  assert.deepEqual([second.changed, second.file], [false, src])
  const missing = await runAny(connection, 'fetch', { src: join(dir, 'nope'), dest: out })
  assert.deepEqual([missing.failed, missing.msg], [true, 'the remote file does not exist, not transferring, ignored'])
  assert.equal((await runAny(connection, 'fetch', { src: join(dir, 'nope'), dest: out, fail_on_missing: false })).failed, undefined)
  assert.equal((await runAny(connection, 'fetch', { src: dir, dest: out })).msg, 'remote file is a directory, fetch cannot work on directories')
  assert.equal((await runAny(connection, 'fetch', { src, dest: join(dir, 'flat.txt'), flat: true }, { check: true })).skipped, true)
  assert.equal(existsSync(join(dir, 'flat.txt')), false)
})

test('script: runs with quoted arguments in chdir; creates skips; check mode skips; failures report rc', async () => {
  const path = join(dir, 'run me.sh')
  writeFileSync(path, '#!/bin/sh\nprintf "%s|" "$@"; pwd; echo err >&2\n')
  const result = await runAny(connection, 'script', { _raw_params: `'${path}' a 'b c' '$(touch pwned)'`, chdir: dir })
  assert.equal(result.changed, true)
  assert.equal(result.stdout, `a|b c|$(touch pwned)|${dir}\n`)
  assert.equal(result.stderr, 'err\n')
  assert.equal(existsSync(join(dir, 'pwned')), false)
  assert.equal((await runAny(connection, 'script', { _raw_params: `'${path}'`, creates: dir })).skipped, true)
  assert.equal((await runAny(connection, 'script', { _raw_params: `'${path}'` }, { check: true })).skipped, true)
  writeFileSync(join(dir, 'fail.sh'), 'exit 3\n')
  const failed = await runAny(connection, 'script', { _raw_params: join(dir, 'fail.sh'), executable: 'sh' })
  assert.deepEqual([failed.failed, failed.rc, failed.msg], [true, 3, 'non-zero return code'])
})

test('get_url: downloads once, then leaves dest alone; checksum verified; mode applied; 404 fails', async () => {
  const dest = join(dir, 'dl.txt')
  const sum = createHash('sha256').update('payload\n').digest('hex')
  const first = await runAny(connection, 'get_url', { url: `${base}/file.txt`, dest, mode: '0640', checksum: `sha256:${sum}` })
  assert.equal(first.changed, true, JSON.stringify(first))
  assert.equal(first.status_code, 200)
  assert.equal(readFileSync(dest, 'utf8'), 'payload\n')
  assert.equal(statSync(dest).mode & 0o777, 0o640)
  const before = hits
  const second = await runAny(connection, 'get_url', { url: `${base}/file.txt`, dest, mode: '0640', checksum: `sha256:${sum}` })
  assert.equal(second.changed, false, JSON.stringify(second))
  assert.equal(hits, before, 'a matching dest is not downloaded again')
  const forced = await runAny(connection, 'get_url', { url: `${base}/file.txt`, dest, force: true })
  assert.deepEqual([forced.changed, hits], [false, before + 1])
  const intoDir = await runAny(connection, 'get_url', { url: `${base}/file.txt`, dest: dir })
  assert.equal(intoDir.dest, join(dir, 'file.txt'))
  const bad = await runAny(connection, 'get_url', { url: `${base}/file.txt`, dest: join(dir, 'bad.txt'), checksum: 'sha1:0000' })
  assert.equal(bad.failed, true)
  assert.equal(existsSync(join(dir, 'bad.txt')), false)
  const missing = await runAny(connection, 'get_url', { url: `${base}/missing`, dest: join(dir, 'm.txt') })
  assert.deepEqual([missing.failed, missing.status_code], [true, 404])
  const checked = await runAny(connection, 'get_url', { url: `${base}/file.txt`, dest: join(dir, 'c.txt') }, { check: true })
  assert.equal(checked.changed, true)
  assert.equal(existsSync(join(dir, 'c.txt')), false)
})

test('unarchive: tar.gz from the controller and zip on the host, changed once; creates; check mode', async () => {
  const content = join(dir, 'content')
  mkdirSync(join(content, 'sub'), { recursive: true })
  writeFileSync(join(content, 'a.txt'), 'a\n')
  writeFileSync(join(content, 'sub', 'b $(x).txt'), 'b\n')
  const tgz = join(dir, 'arch.tar.gz')
  execFileSync('tar', ['-czf', tgz, '-C', content, '.'])
  const zip = join(dir, 'arch.zip')
  execFileSync('zip', ['-qr', zip, '.'], { cwd: content })
  for (const [name, args] of [['tgz', { src: tgz }], ['zip', { src: zip, remote_src: true }]] as const) {
    const dest = join(dir, `out-${name}`)
    mkdirSync(dest)
    const checked = await runAny(connection, 'unarchive', { ...args, dest }, { check: true })
    assert.equal(checked.changed, true)
    assert.equal(existsSync(join(dest, 'a.txt')), false)
    const first = await runAny(connection, 'unarchive', { ...args, dest, list_files: true })
    assert.equal(first.changed, true, JSON.stringify(first))
    assert.equal(readFileSync(join(dest, 'sub', 'b $(x).txt'), 'utf8'), 'b\n')
    assert.ok((first.files as string[]).some((f) => f.endsWith('a.txt')))
    const second = await runAny(connection, 'unarchive', { ...args, dest })
    assert.equal(second.changed, false, `${name}: ${JSON.stringify(second)}`)
    rmSync(join(dest, 'a.txt'))
    assert.equal((await runAny(connection, 'unarchive', { ...args, dest })).changed, true)
    assert.equal((await runAny(connection, 'unarchive', { ...args, dest, creates: join(dest, 'a.txt') })).skipped, true)
  }
  assert.equal((await runAny(connection, 'unarchive', { src: tgz, dest: join(dir, 'nope') })).failed, true)
})
