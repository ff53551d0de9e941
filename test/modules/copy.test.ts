import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { LocalConnection } from '../../src/connection/local.js'
import { sha1 } from '../../src/module/content-write.js'
import { planCopy, type CopyInput } from '../../src/module/file-copy.js'
import { destFacts, missing, present, stat } from './fixtures.js'
import { assertIdempotent } from './idempotency.js'
import { runModule } from './run-module.js'

const OPTS = { check: false, diff: true }
const input = (extra: Partial<CopyInput> = {}): CopyInput => ({ dest: '/etc/app.conf', content: Buffer.from('new\n'), afterHeader: '/etc/app.conf', backup: false, force: true, isContent: true, ...extra })

test('plan copy: a new file is written with 0666 & ~umask and reported with checksum and md5sum', () => {
  const plan = planCopy(input(), destFacts('/etc/app.conf', missing('/etc/app.conf')), OPTS)
  assert.ok(plan.changed)
  // Created by the shell's user (1000:1000) in a directory that is not setgid: no chown to its own ids.
  assert.deepEqual(plan.steps, [{ kind: 'write', path: '/etc/app.conf', content: Buffer.from('new\n'), mode: '0644' }])
  assert.equal(plan.result?.checksum, sha1('new\n'))
  assert.equal(plan.result?.mode, '0644')
  assert.deepEqual(plan.diff, [{ before: '', after: 'new\n', after_header: '/etc/app.conf' }])
})

test('plan copy: in a setgid directory, or when the directory is not known, the new file is chowned to the ids it needs', () => {
  const setgidDir = { ...destFacts('/srv/app.conf', missing('/srv/app.conf')), parent: present('/srv', stat('directory', 0o2775)) }
  const write = (plan: ReturnType<typeof planCopy>) => (plan.changed ? plan.steps.at(-1) : undefined)
  assert.deepEqual(write(planCopy(input({ dest: '/srv/app.conf' }), setgidDir, OPTS)), { kind: 'write', path: '/srv/app.conf', content: Buffer.from('new\n'), mode: '0644', group: '1000' })
  const unknown = { ...destFacts('/srv/app.conf', missing('/srv/app.conf')), parent: { path: '/srv', exists: true } }
  assert.deepEqual(write(planCopy(input({ dest: '/srv/app.conf' }), unknown, OPTS)), { kind: 'write', path: '/srv/app.conf', content: Buffer.from('new\n'), mode: '0644', group: '1000' })
  assert.deepEqual(write(planCopy(input({ dest: '/srv/app.conf' }), { ...unknown, parentSetgid: false }, OPTS)), { kind: 'write', path: '/srv/app.conf', content: Buffer.from('new\n'), mode: '0644' })
})

test('plan copy: same checksum and mode → unchanged; different mode → only chmod', () => {
  const same = present('/etc/app.conf', stat('file', 0o644, { size: 4 }), { checksum: sha1('new\n') })
  assert.equal(planCopy(input(), destFacts('/etc/app.conf', same), OPTS).changed, false)
  const plan = planCopy(input({ mode: '0600' }), destFacts('/etc/app.conf', same), OPTS)
  assert.ok(plan.changed)
  assert.deepEqual(plan.steps, [{ kind: 'exec', argv: ['chmod', '0600', '--', '/etc/app.conf'] }])
})

test('plan copy: different content with backup keeps the mode and copies the old file first', () => {
  const old = present('/etc/app.conf', stat('file', 0o600, { size: 4 }), { checksum: sha1('old\n'), content: Buffer.from('old\n') })
  const plan = planCopy(input({ backup: true }), destFacts('/etc/app.conf', old), OPTS)
  assert.ok(plan.changed)
  assert.deepEqual(plan.steps[0], { kind: 'exec', argv: ['cp', '-p', '--', '/etc/app.conf', '/etc/app.conf.42.2024-01-02@03:04:05~'] })
  assert.equal((plan.steps[1] as { mode?: string }).mode, '0600')
  assert.equal(plan.result?.backup_file, '/etc/app.conf.42.2024-01-02@03:04:05~')
})

test('plan copy: force=false leaves an existing file; content into a directory fails', () => {
  const old = present('/etc/app.conf', stat('file', 0o600), { checksum: 'x' })
  assert.equal(planCopy(input({ force: false }), destFacts('/etc/app.conf', old), OPTS).changed, false)
  const dirPlan = planCopy(input({ dest: '/etc/' }), destFacts('/etc/', present('/etc/', stat('directory', 0o755))), OPTS)
  assert.equal(dirPlan.failed && dirPlan.msg, 'can not use content with a dir as dest')
})

test('plan copy: validate runs on the new file before it replaces dest', () => {
  const plan = planCopy(input({ validate: 'visudo -cf %s' }), destFacts('/etc/app.conf', missing('/etc/app.conf')), OPTS)
  assert.ok(plan.changed)
  const last = plan.steps[plan.steps.length - 1]!
  assert.ok(last.kind === 'exec' && last.argv.slice(-3).join(' ') === 'visudo -cf /etc/.app.conf.drover-validate')
})

let dir: string
let connection: LocalConnection
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-copy-'))
  connection = new LocalConnection('localhost')
})
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

test('idempotent: content, src, remote_src, mode', async () => {
  await assertIdempotent(connection, 'copy', { content: 'hello\n', dest: join(dir, 'a.txt'), mode: '0640' })
  assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'hello\n')
  assert.equal(statSync(join(dir, 'a.txt')).mode & 0o777, 0o640)
  writeFileSync(join(dir, 'src.txt'), 'from the controller\n')
  await assertIdempotent(connection, 'copy', { src: join(dir, 'src.txt'), dest: join(dir, 'b.txt') })
  await assertIdempotent(connection, 'copy', { src: join(dir, 'b.txt'), dest: join(dir, 'c.txt'), remote_src: true })
  assert.equal(readFileSync(join(dir, 'c.txt'), 'utf8'), 'from the controller\n')
})

test('content that is not a string is written as Python str() writes it; a dict or list as JSON', async () => {
  const cases: Array<[unknown, string]> = [[true, 'True'], [false, 'False'], [42, '42'], [4.5, '4.5'], [{ a: 1, b: ['x', 2] }, '{"a": 1, "b": ["x", 2]}']]
  for (const [content, text] of cases) {
    const dest = join(dir, `typed-${text.length}-${typeof content}.txt`)
    const result = await runModule(connection, 'copy', { content, dest })
    assert.equal(result.changed, true)
    assert.equal(readFileSync(dest, 'utf8'), text)
  }
})

test('validate failure leaves the old file and reports failed to validate', async () => {
  writeFileSync(join(dir, 'v.txt'), 'old\n')
  const result = await runModule(connection, 'copy', { content: 'bad\n', dest: join(dir, 'v.txt'), validate: 'false %s' })
  assert.equal(result.failed, true)
  assert.match(String(result.msg), /failed to validate/)
  assert.equal(readFileSync(join(dir, 'v.txt'), 'utf8'), 'old\n')
  assert.equal(existsSync(join(dir, '.v.txt.drover-validate')), false)
})

test('--check reports the change and changes nothing; --diff carries the content', async () => {
  const result = await runModule(connection, 'copy', { content: 'x\n', dest: join(dir, 'checked.txt') }, { check: true, diff: true })
  assert.equal(result.changed, true)
  assert.deepEqual(result.diff, [{ before: '', after: 'x\n', after_header: join(dir, 'checked.txt') }])
  assert.equal(existsSync(join(dir, 'checked.txt')), false)
})

test('template: renders with the vars and is idempotent', async () => {
  writeFileSync(join(dir, 't.j2'), 'port={{ port }}\n')
  await assertIdempotent(connection, 'template', { src: join(dir, 't.j2'), dest: join(dir, 't.conf') }, { vars: { port: 8080 } })
  assert.equal(readFileSync(join(dir, 't.conf'), 'utf8'), 'port=8080\n')
  const changed = await runModule(connection, 'template', { src: join(dir, 't.j2'), dest: join(dir, 't.conf') }, { vars: { port: 9090 }, diff: true })
  assert.equal(changed.changed, true)
  assert.deepEqual((changed.diff as { before: string }[])[0]!.before, 'port=8080\n')
})
