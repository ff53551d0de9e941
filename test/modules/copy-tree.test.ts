/**
 * copy with a directory as src: plan fixtures (tree + gathered facts → steps), idempotency over a
 * LocalConnection (one gather frame for the whole tree), --check changing nothing, and hostile names
 * inside the tree (controller side and remote_src) written as data.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { LocalConnection } from '../../src/connection/local.js'
import { sha1 } from '../../src/module/content-write.js'
import { planTree, type TreeFacts, type TreeInput } from '../../src/module/copy-tree.js'
import { walkSource } from '../../src/module/copy-tree-source.js'
import { ENV, missing, present, stat } from './fixtures.js'
import { assertIdempotent } from './idempotency.js'
import { runModule } from './run-module.js'

const OPTS = { check: false, diff: false }
const file = (rel: string, text: string) => ({ rel, content: Buffer.from(text), mode: 0o640 })
const input = (extra: Partial<TreeInput> = {}): TreeInput => ({
  destRoot: '/srv/app/',
  src: '/ctl/files/app/',
  tree: { top: '', dirs: ['conf'], links: [], files: [file('a.txt', 'a\n'), file('conf/b.txt', 'b\n')] },
  force: true,
  backup: false,
  ...extra,
})
const facts = (paths: Record<string, ReturnType<typeof present> | ReturnType<typeof missing>>, rootExists = true): TreeFacts => ({
  env: ENV,
  ids: {},
  ancestors: rootExists ? [present('/srv/app', stat('directory', 0o755))] : [missing('/srv/app'), present('/srv', stat('directory', 0o755))],
  paths: new Map(Object.entries(paths)),
})

test('plan tree: a missing dest is created with its subdirectories before the files', () => {
  const plan = planTree(input({ directoryMode: '0750' }), facts({ conf: missing('/srv/app/conf'), 'a.txt': missing('/srv/app/a.txt'), 'conf/b.txt': missing('/srv/app/conf/b.txt') }, false), OPTS)
  assert.ok(plan.changed)
  const summary = plan.steps.map((s) => (s.kind === 'exec' ? s.argv.join(' ') : `write ${s.path} ${s.mode}`))
  assert.deepEqual(summary, ['mkdir -- /srv/app', 'chmod 0750 -- /srv/app', 'mkdir -- /srv/app/conf', 'chmod 0750 -- /srv/app/conf', 'write /srv/app/a.txt 0644', 'write /srv/app/conf/b.txt 0644'])
  assert.deepEqual(plan.result, { dest: '/srv/app/', src: '/ctl/files/app/' })
  assert.equal(plan.diff, undefined, 'Ansible returns no diff for a tree')
})

test('plan tree: same checksums → unchanged; one differing file → only that file; mode only → chmod', () => {
  const same = {
    conf: present('/srv/app/conf', stat('directory', 0o755)),
    'a.txt': present('/srv/app/a.txt', stat('file', 0o644), { checksum: sha1('a\n') }),
    'conf/b.txt': present('/srv/app/conf/b.txt', stat('file', 0o644), { checksum: sha1('b\n') }),
  }
  assert.deepEqual(planTree(input(), facts(same), OPTS), { changed: false, result: { dest: '/srv/app/', src: '/ctl/files/app/' } })
  const differs = { ...same, 'conf/b.txt': present('/srv/app/conf/b.txt', stat('file', 0o600), { checksum: sha1('old\n') }) }
  const plan = planTree(input(), facts(differs), OPTS)
  assert.ok(plan.changed)
  assert.deepEqual(plan.steps.map((s) => s.kind === 'write' && [s.path, s.mode]), [['/srv/app/conf/b.txt', '0600']], 'a replaced file keeps its mode')
  const chmod = planTree(input({ mode: '0600' }), facts(same), OPTS)
  assert.ok(chmod.changed)
  assert.deepEqual(chmod.steps.map((s) => s.kind === 'exec' && s.argv.join(' ')), ['chmod 0600 -- /srv/app/a.txt', 'chmod 0600 -- /srv/app/conf/b.txt'])
  const preserve = planTree(input({ mode: 'preserve' }), facts(same), OPTS)
  assert.ok(preserve.changed && preserve.steps.every((s) => s.kind === 'exec' && s.argv[1] === '0640'))
})

test('plan tree: force=false leaves existing files; a file where a directory goes fails', () => {
  const plan = planTree(input({ force: false }), facts({ conf: present('/srv/app/conf', stat('directory', 0o755)), 'a.txt': present('/srv/app/a.txt', stat('file', 0o644), { checksum: 'x' }), 'conf/b.txt': missing('/srv/app/conf/b.txt') }), OPTS)
  assert.ok(plan.changed)
  assert.deepEqual(plan.steps.map((s) => s.kind === 'write' && s.path), ['/srv/app/conf/b.txt'])
  const blocked = planTree(input(), facts({ conf: present('/srv/app/conf', stat('file', 0o644)), 'a.txt': missing('/srv/app/a.txt'), 'conf/b.txt': missing('/srv/app/conf/b.txt') }), OPTS)
  assert.equal(blocked.failed && blocked.msg, '/srv/app/conf already exists and is not a directory')
})

test('plan tree: a single file is reported like copy of that file (dest, checksum, diff)', () => {
  const plan = planTree(input({ tree: { top: '', dirs: [], links: [], files: [file('a.txt', 'a\n')] } }), facts({ 'a.txt': missing('/srv/app/a.txt') }, false), { check: false, diff: true })
  assert.ok(plan.changed)
  assert.equal(plan.result?.dest, '/srv/app/a.txt')
  assert.equal(plan.result?.checksum, sha1('a\n'))
  assert.deepEqual(plan.diff, [{ before: '', after: 'a\n', after_header: '/ctl/files/app/a.txt' }])
  assert.deepEqual(plan.steps[0], { kind: 'exec', argv: ['mkdir', '--', '/srv/app'] })
})

let dir: string
let connection: LocalConnection
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-copytree-'))
  connection = new LocalConnection('localhost')
})
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

function makeTree(root: string): void {
  mkdirSync(join(root, 'sub/deep'), { recursive: true })
  mkdirSync(join(root, 'empty'))
  writeFileSync(join(root, 'a.txt'), 'a\n')
  writeFileSync(join(root, 'sub/b.txt'), 'b\n')
  writeFileSync(join(root, 'sub/deep/c.bin'), Buffer.from([0, 1, 2, 255]))
  symlinkSync('a.txt', join(root, 'link'))
}

test('walkSource: trailing slash copies the contents, without it the directory; links followed or kept', () => {
  const src = join(dir, 'walk')
  makeTree(src)
  const contents = walkSource(`${src}/`, true)
  assert.equal(contents.top, '')
  assert.deepEqual(contents.files.map((f) => f.rel).sort(), ['a.txt', 'link', 'sub/b.txt', 'sub/deep/c.bin'])
  assert.deepEqual(contents.dirs.sort(), ['empty', 'sub', 'sub/deep'])
  const itself = walkSource(src, false)
  assert.equal(itself.top, 'walk')
  assert.deepEqual(itself.links, [{ rel: 'walk/link', target: 'a.txt' }])
  assert.ok(itself.files.every((f) => f.rel.startsWith('walk/')))
})

test('idempotent: a controller tree, with mode and directory_mode; --check changes nothing', async () => {
  const src = join(dir, 'src')
  makeTree(src)
  const dest = join(dir, 'out', 'deeper')
  const check = await runModule(connection, 'copy', { src: `${src}/`, dest, mode: '0640', directory_mode: '0750' }, { check: true })
  assert.equal(check.changed, true)
  assert.equal(existsSync(join(dir, 'out')), false, '--check created nothing')
  const { first } = await assertIdempotent(connection, 'copy', { src: `${src}/`, dest, mode: '0640', directory_mode: '0750' })
  assert.deepEqual({ dest: first.dest, src: first.src }, { dest: `${dest}/`, src: `${src}/` })
  assert.deepEqual(readFileSync(join(dest, 'sub/deep/c.bin')), Buffer.from([0, 1, 2, 255]))
  assert.equal(readFileSync(join(dest, 'link'), 'utf8'), 'a\n', 'local_follow copies what a link points to')
  assert.equal(statSync(join(dest, 'sub/b.txt')).mode & 0o777, 0o640)
  assert.equal(statSync(join(dest, 'empty')).mode & 0o777, 0o750)
  assert.equal(statSync(join(dir, 'out')).mode & 0o777, 0o750, 'missing ancestors get directory_mode too')
  writeFileSync(join(src, 'sub/b.txt'), 'changed\n')
  await assertIdempotent(connection, 'copy', { src, dest, mode: '0640' })
  assert.equal(readFileSync(join(dest, 'src/sub/b.txt'), 'utf8'), 'changed\n')
})

test('idempotent: remote_src directory merges into dest, keeps what is only there', async () => {
  const src = join(dir, 'rsrc')
  makeTree(src)
  const dest = join(dir, 'rdest')
  mkdirSync(dest)
  writeFileSync(join(dest, 'mine.txt'), 'kept\n')
  const check = await runModule(connection, 'copy', { src: `${src}/`, dest, remote_src: true }, { check: true })
  assert.equal(check.changed, true)
  assert.equal(existsSync(join(dest, 'a.txt')), false, '--check copied nothing')
  await assertIdempotent(connection, 'copy', { src: `${src}/`, dest, remote_src: true, mode: '0700' })
  assert.equal(readFileSync(join(dest, 'sub/b.txt'), 'utf8'), 'b\n')
  assert.equal(readFileSync(join(dest, 'mine.txt'), 'utf8'), 'kept\n')
  assert.equal(statSync(dest).mode & 0o777, 0o700)
  writeFileSync(join(src, 'sub/deep/new.txt'), 'new\n')
  writeFileSync(join(src, 'a.txt'), 'a2\n')
  await assertIdempotent(connection, 'copy', { src: `${src}/`, dest, remote_src: true })
  assert.equal(readFileSync(join(dest, 'a.txt'), 'utf8'), 'a2\n')
  assert.equal(readFileSync(join(dest, 'sub/deep/new.txt'), 'utf8'), 'new\n')
})

test('hostile names inside a tree are data, on the controller side and with remote_src', async () => {
  const canary = join(process.cwd(), 'drover-pwned-canary')
  const payload = 'touch drover-pwned-canary'
  const names = [`sp ace 'q"uote`, `$(${payload})`, `\`${payload}\``, `new\nline`, `-dash`, `;${payload};`]
  const src = join(dir, `-h $(${payload})`)
  for (const name of names) {
    mkdirSync(join(src, name), { recursive: true })
    writeFileSync(join(src, name, name), `${name}\n`)
  }
  const dest = join(dir, `-out \`${payload}\``)
  await assertIdempotent(connection, 'copy', { src: `${src}/`, dest })
  await assertIdempotent(connection, 'copy', { src: `${src}/`, dest: `${dest}-remote`, remote_src: true })
  for (const name of names) {
    assert.equal(readFileSync(join(dest, name, name), 'utf8'), `${name}\n`)
    assert.equal(readFileSync(join(`${dest}-remote`, name, name), 'utf8'), `${name}\n`)
  }
  assert.equal(existsSync(canary), false)
})
