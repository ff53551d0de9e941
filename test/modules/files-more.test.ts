/** slurp, find, tempfile: plan fixtures and runs against a LocalConnection in a temp dir. */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { nameMatches, planFind, type FindArgs } from '../../modules/find.js'
import { slurp } from '../../modules/slurp.js'
import { tempfileResult } from '../../modules/tempfile.js'
import { LocalConnection } from '../../src/connection/local.js'
import { fnmatch } from '../../src/module/fnmatch.js'
import type { WalkEntry } from '../../src/module/find-walk.js'
import { args, missing, present, stat } from './fixtures.js'
import { runAny } from './run-any.js'

test('fnmatch: globs match the whole name, [!x] negates, an unclosed [ is literal', () => {
  assert.equal(fnmatch('a.log', '*.log'), true)
  assert.equal(fnmatch('a.log.1', '*.log'), false)
  assert.equal(fnmatch('b1', '[!a]?'), true)
  assert.equal(fnmatch('a1', '[!a]?'), false)
  assert.equal(fnmatch('x[', 'x['), true)
  assert.equal(fnmatch('a.b', 'a?b'), true)
})

test('find patterns: regexes match from the start of the name; excludes win', () => {
  assert.equal(nameMatches('app.log', ['log'], undefined, true), false)
  assert.equal(nameMatches('app.log', ['.*log$'], undefined, true), true)
  assert.equal(nameMatches('app.log', ['*.log'], ['app*'], false), false)
})

function entry(path: string, type: number, extra: Partial<WalkEntry> = {}): WalkEntry {
  return { path, raw: type | 0o644, uid: 0, gid: 0, size: 10, mtime: 1000, atime: 1000, ctime: 1000, inode: 1, dev: 1, nlink: 1, owner: 'root', group: 'root', ...extra }
}

test('plan find: file_type, hidden, age, size and missing paths', () => {
  const a = args<FindArgs>('find', { paths: '/d,/nope', age: '1m', size: '-20' })
  const facts = {
    now: 1100,
    roots: [
      { path: '/d', isDir: true, checksums: new Map(), entries: [entry('/d/old', 0o100000), entry('/d/new', 0o100000, { mtime: 1090 }), entry('/d/.hid', 0o100000), entry('/d/big', 0o100000, { size: 30 }), entry('/d/sub', 0o040000)] },
      { path: '/nope', isDir: false, checksums: new Map(), entries: [] },
    ],
  }
  const plan = planFind(a, facts)
  assert.equal(plan.changed, false)
  const result = plan.result!
  assert.deepEqual((result.files as { path: string }[]).map((f) => f.path), ['/d/old'])
  assert.equal(result.examined, 5)
  assert.equal(result.msg, 'Not all paths examined, check warnings for details')
  assert.deepEqual(result.skipped_paths, { '/nope': "'/nope' is not a directory" })
  const bad = planFind(args<FindArgs>('find', { paths: ['/d'], age: '3y' }), facts)
  assert.deepEqual([bad.failed, 'msg' in bad && bad.msg], [true, 'failed to process age'])
})

test('plan slurp: content base64, and Ansible failures for missing paths and directories', () => {
  const file = present('/f', stat('file', 0o644), { content: Buffer.from('hi\n') })
  assert.deepEqual(slurp.plan({ src: '/f' }, file, { check: false, diff: false }), { changed: false, result: { content: 'aGkK', encoding: 'base64', source: '/f' } })
  assert.deepEqual(slurp.plan({ src: '/x' }, missing('/x'), { check: false, diff: false }), { changed: false, failed: true, msg: 'file not found: /x' })
  const dir = slurp.plan({ src: '/d' }, present('/d', stat('directory', 0o755)), { check: false, diff: false })
  assert.equal(dir.failed && dir.msg, 'source is a directory and must be a file: /d')
})

test('tempfile result: path from base64, mode as Ansible formats it', () => {
  const out = tempfileResult(`600 0 0 0 root root\n${Buffer.from('/tmp/a b').toString('base64')}\n`, 'file')
  assert.deepEqual(out, { path: '/tmp/a b', uid: 0, gid: 0, owner: 'root', group: 'root', mode: '0600', state: 'file', size: 0 })
})

let dir: string
let connection: LocalConnection
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-fm-'))
  connection = new LocalConnection('localhost')
})
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

test('slurp on the host: one round trip, never changed', async () => {
  writeFileSync(join(dir, 's.bin'), Buffer.from([0, 1, 2, 255]))
  const trips = connection.roundTrips
  const result = await runAny(connection, 'slurp', { src: join(dir, 's.bin') })
  assert.equal(connection.roundTrips - trips, 1)
  assert.deepEqual(result, { changed: false, content: 'AAEC/w==', encoding: 'base64', source: join(dir, 's.bin') })
})

test('find on the host: recurse, depth, patterns, contains, checksum, links', async () => {
  const root = join(dir, 'tree')
  mkdirSync(join(root, 'sub', 'deep'), { recursive: true })
  writeFileSync(join(root, 'a.log'), 'error: disk\nok\n')
  writeFileSync(join(root, 'b.txt'), 'fine\n')
  writeFileSync(join(root, 'sub', 'c.log'), 'all good error\n')
  writeFileSync(join(root, 'sub', 'deep', 'd.log'), 'error\n')
  writeFileSync(join(root, 'new\nline.log'), 'x\n')
  symlinkSync('a.log', join(root, 'ln.log'))
  const old = new Date(Date.now() - 3 * 86400_000)
  utimesSync(join(root, 'b.txt'), old, old)
  const paths = async (raw: Record<string, unknown>) => ((await runAny(connection, 'find', { paths: root, ...raw })).files as { path: string }[]).map((f) => f.path).sort()
  assert.deepEqual(await paths({ patterns: '*.log' }), [join(root, 'a.log'), join(root, 'new\nline.log')])
  assert.deepEqual(await paths({ patterns: '*.log', recurse: true, depth: 2 }), [join(root, 'a.log'), join(root, 'new\nline.log'), join(root, 'sub', 'c.log')])
  assert.deepEqual(await paths({ patterns: '*.log', recurse: true, contains: 'error' }), [join(root, 'a.log'), join(root, 'sub', 'deep', 'd.log')])
  assert.deepEqual(await paths({ age: '2d' }), [join(root, 'b.txt')])
  assert.deepEqual(await paths({ file_type: 'link' }), [join(root, 'ln.log')])
  assert.deepEqual(await paths({ file_type: 'directory', recurse: true }), [join(root, 'sub'), join(root, 'sub', 'deep')])
  const sums = await runAny(connection, 'find', { paths: root, patterns: 'b.txt', get_checksum: true })
  assert.equal((sums.files as Record<string, unknown>[])[0]!.checksum, 'a9e60c687da7d68a10a5e2d62ff1d01d2fee9f59')
  assert.equal(sums.changed, false)
})

test('tempfile on the host: a 0600 file or 0700 directory with prefix and suffix; skipped in check mode', async () => {
  const file = await runAny(connection, 'tempfile', { path: dir, prefix: "p '$(x)", suffix: '.conf' })
  assert.equal(file.changed, true)
  assert.match(String(file.path), /\/p '\$\(x\)[A-Za-z0-9]{8}\.conf$/)
  assert.equal(statSync(String(file.path)).mode & 0o777, 0o600)
  const d = await runAny(connection, 'tempfile', { path: dir, state: 'directory' })
  assert.equal(statSync(String(d.path)).isDirectory(), true)
  assert.equal(d.mode, '0700')
  const checked = await runAny(connection, 'tempfile', { path: dir }, { check: true })
  assert.deepEqual([checked.changed, checked.skipped], [false, true])
})
