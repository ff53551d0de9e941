import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync, lstatSync, readlinkSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { file, type FileArgs, type FileFacts } from '../../modules/file.js'
import { LocalConnection } from '../../src/connection/local.js'
import { resolveMode } from '../../src/module/file-mode.js'
import { ENV, args, missing, present, stat } from './fixtures.js'
import { assertIdempotent } from './idempotency.js'
import { runModule } from './run-module.js'

const OPTS = { check: false, diff: false }
const facts = (path: FileFacts['path'], extra: Partial<FileFacts> = {}): FileFacts => ({ path, env: ENV, ids: {}, ...extra })

test('plan directory: a missing path is made with mkdir -p and reported as a state change', () => {
  const plan = file.plan(args<FileArgs>('file', { path: '/srv/app', state: 'directory' }), facts(missing('/srv/app')), OPTS)
  assert.equal(plan.changed, true)
  assert.ok(plan.changed && plan.steps.some((s) => s.kind === 'exec' && s.argv.join(' ') === 'mkdir -p -- /srv/app'))
  assert.deepEqual(plan.changed && plan.diff, { before: { path: '/srv/app', state: 'absent' }, after: { path: '/srv/app', state: 'directory' } })
})

test('plan directory: an existing directory with the right mode is unchanged', () => {
  const plan = file.plan(args<FileArgs>('file', { path: '/srv', state: 'directory', mode: '0755' }), facts(present('/srv', stat('directory', 0o755))), OPTS)
  assert.equal(plan.changed, false)
  assert.equal(plan.result?.mode, '0755')
})

test('plan file: mode differs → one chmod, diff with the modes', () => {
  const plan = file.plan(args<FileArgs>('file', { path: '/f', mode: 'u+x' }), facts(present('/f', stat('file', 0o644))), OPTS)
  assert.ok(plan.changed)
  assert.deepEqual(plan.steps, [{ kind: 'exec', argv: ['chmod', '0744', '--', '/f'] }])
  assert.deepEqual(plan.diff, { before: { path: '/f', mode: '0644' }, after: { path: '/f', mode: '0744' } })
})

test('plan file: a missing file fails as Ansible does', () => {
  const plan = file.plan(args<FileArgs>('file', { path: '/nope', state: 'file' }), facts(missing('/nope')), OPTS)
  assert.equal(plan.failed, true)
  assert.equal(plan.failed && plan.msg, 'file (/nope) is absent, cannot continue')
})

test('plan absent: directory removed recursively; missing path unchanged', () => {
  const plan = file.plan(args<FileArgs>('file', { path: '/d', state: 'absent' }), facts(present('/d', stat('directory', 0o755)), { listing: { directories: ['/d/e'], files: [] } }), OPTS)
  assert.ok(plan.changed)
  assert.deepEqual(plan.steps, [{ kind: 'exec', argv: ['rm', '-rf', '--', '/d'] }])
  assert.equal(file.plan(args<FileArgs>('file', { path: '/d', state: 'absent' }), facts(missing('/d')), OPTS).changed, false)
})

test('plan link: existing link to another target is replaced with ln -sfn; same target unchanged', () => {
  const link = present('/l', stat('link', 0o777), { linkTarget: '/old' })
  const src = present('/new', stat('file', 0o644))
  const plan = file.plan(args<FileArgs>('file', { path: '/l', state: 'link', src: '/new' }), facts(link, { src, srcInDir: missing('/l/new') }), OPTS)
  assert.ok(plan.changed)
  assert.deepEqual(plan.steps, [{ kind: 'exec', argv: ['ln', '-sfn', '--', '/new', '/l'] }])
  const same = file.plan(args<FileArgs>('file', { path: '/l', state: 'link', src: '/old' }), facts(link, { src: present('/old', stat('file', 0o644)) }), OPTS)
  assert.equal(same.changed, false)
})

test('plan link: refuses to replace a file without force', () => {
  const plan = file.plan(args<FileArgs>('file', { path: '/f', state: 'link', src: '/x' }), facts(present('/f', stat('file', 0o644)), { src: present('/x', stat('file', 0o644)) }), OPTS)
  assert.equal(plan.failed && plan.msg, 'refusing to convert from file to symlink for /f')
})

test('plan hard: same inode is unchanged, another inode without force fails', () => {
  const src = present('/s', stat('file', 0o644, { inode: 7, nlink: 2 }))
  assert.equal(file.plan(args<FileArgs>('file', { path: '/h', state: 'hard', src: '/s' }), facts(present('/h', stat('file', 0o644, { inode: 7, nlink: 2 })), { src }), OPTS).changed, false)
  const other = file.plan(args<FileArgs>('file', { path: '/h', state: 'hard', src: '/s' }), facts(present('/h', stat('file', 0o644, { inode: 8, nlink: 2 })), { src }), OPTS)
  assert.equal(other.failed && other.msg, 'Cannot link, different hard link exists at destination')
})

test('plan touch: always changed; a missing file is created', () => {
  const plan = file.plan(args<FileArgs>('file', { path: '/t', state: 'touch' }), facts(missing('/t')), OPTS)
  assert.ok(plan.changed)
  assert.deepEqual(plan.steps[0], { kind: 'exec', argv: ['touch', '--', '/t'] })
})

test('plan owner: unknown user fails like chown', () => {
  const plan = file.plan(args<FileArgs>('file', { path: '/f', owner: 'nobody-here' }), facts(present('/f', stat('file', 0o644))), OPTS)
  assert.equal(plan.failed && plan.msg, 'chown failed: failed to look up user nobody-here')
})

test('symbolic modes follow ansible-core: X only for directories or executables, umask without a class', () => {
  assert.equal(resolveMode('u=rwX,g=rX,o=', { mode: 0o644, isDirectory: false }, 0o022), 0o640)
  assert.equal(resolveMode('u=rwX,g=rX,o=', { mode: 0o755, isDirectory: true }, 0o022), 0o750)
  assert.equal(resolveMode('+w', { mode: 0o444, isDirectory: false }, 0o022), 0o644)
  assert.equal(resolveMode('a+w', { mode: 0o444, isDirectory: false }, 0o022), 0o666)
  assert.equal(resolveMode('g=u', { mode: 0o700, isDirectory: false }, 0o022), 0o770)
  assert.equal(resolveMode('u+s,o+t', { mode: 0o755, isDirectory: true }, 0o022), 0o5755)
  assert.equal(resolveMode(0o600, { mode: 0o644, isDirectory: false }, 0o022), 0o600)
  assert.throws(() => resolveMode('q+x', { mode: 0o644, isDirectory: false }, 0o022))
})

let dir: string
let connection: LocalConnection
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-file-'))
  connection = new LocalConnection('localhost')
})
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

test('idempotent: directory with mode, link, hard link, absent', async () => {
  await assertIdempotent(connection, 'file', { path: join(dir, 'a/b'), state: 'directory', mode: '0750' })
  assert.equal(statSync(join(dir, 'a/b')).mode & 0o7777, 0o750)
  await assertIdempotent(connection, 'file', { path: join(dir, 'ln'), state: 'link', src: join(dir, 'a') })
  assert.equal(readlinkSync(join(dir, 'ln')), join(dir, 'a'))
  await runModule(connection, 'file', { path: join(dir, 'f'), state: 'touch' })
  await assertIdempotent(connection, 'file', { path: join(dir, 'h'), state: 'hard', src: join(dir, 'f') })
  assert.equal(lstatSync(join(dir, 'h')).ino, lstatSync(join(dir, 'f')).ino)
  await assertIdempotent(connection, 'file', { path: join(dir, 'a'), state: 'absent' })
  assert.equal(existsSync(join(dir, 'a')), false)
})

test('--check reports the change and changes nothing', async () => {
  const result = await runModule(connection, 'file', { path: join(dir, 'checked'), state: 'directory' }, { check: true })
  assert.equal(result.changed, true)
  assert.equal(existsSync(join(dir, 'checked')), false)
})
