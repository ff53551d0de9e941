import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { absentEdit, lineinfile, presentEdit, type LineinfileArgs } from '../../modules/lineinfile.js'
import { LocalConnection } from '../../src/connection/local.js'
import { readLines } from '../../src/module/text-edit.js'
import { args, destFacts, missing, present, stat } from './fixtures.js'
import { assertIdempotent } from './idempotency.js'
import { runModule } from './run-module.js'

const edit = (text: string, raw: Record<string, unknown>) => presentEdit(readLines(text), args<LineinfileArgs>('lineinfile', { path: '/f', ...raw })).lines.join('')

test('present: the last regexp match is replaced, Python syntax included', () => {
  assert.equal(edit('a=1\nb=2\na=3\n', { regexp: '^a=', line: 'a=9' }), 'a=1\nb=2\na=9\n')
  assert.equal(edit('port 80\n', { regexp: '^port (?P<n>\\d+)$', line: 'port \\g<n>0', backrefs: true }), 'port 800\n')
})

test('present: insertafter/insertbefore with regex, BOF, EOF, firstmatch; a missing final newline is added', () => {
  assert.equal(edit('a\nb\na\n', { line: 'x', insertafter: '^a' }), 'a\nb\na\nx\n')
  assert.equal(edit('a\nb\na\n', { line: 'x', insertafter: '^a', firstmatch: true }), 'a\nx\nb\na\n')
  assert.equal(edit('a\nb\n', { line: 'x', insertbefore: '^b' }), 'a\nx\nb\n')
  assert.equal(edit('a\n', { line: 'x', insertbefore: 'BOF' }), 'x\na\n')
  assert.equal(edit('a', { line: 'x' }), 'a\nx\n')
  assert.equal(edit('a\nx\n', { line: 'x', insertbefore: 'BOF' }), 'a\nx\n')
})

test('present: backrefs without a match leaves the file alone', () => {
  assert.equal(edit('a\n', { regexp: '^zz(.*)', line: '\\1', backrefs: true }), 'a\n')
})

test('absent: removes every match and counts them', () => {
  const out = absentEdit(readLines('a\nb\na\n'), args<LineinfileArgs>('lineinfile', { path: '/f', line: 'a', state: 'absent' }))
  assert.deepEqual([out.lines.join(''), out.found, out.msg], ['b\n', 2, '2 line(s) removed'])
})

test('plan: a missing file without create fails with rc 257; with create the line is written', () => {
  const failing = lineinfile.plan(args<LineinfileArgs>('lineinfile', { path: '/d/f', line: 'x' }), destFacts('/d/f', missing('/d/f')), { check: false, diff: false })
  assert.deepEqual([failing.failed, failing.failed && failing.msg, failing.result?.rc], [true, 'Destination /d/f does not exist !', 257])
  const created = lineinfile.plan(args<LineinfileArgs>('lineinfile', { path: '/d/f', line: 'x', create: true }), destFacts('/d/f', missing('/d/f')), { check: false, diff: false })
  assert.ok(created.changed && created.steps.some((s) => s.kind === 'write' && String(s.content) === 'x\n'))
})

test('plan: an unchanged line with a different mode reports the attribute change', () => {
  const facts = destFacts('/f', present('/f', stat('file', 0o644), { content: Buffer.from('x\n') }))
  const plan = lineinfile.plan(args<LineinfileArgs>('lineinfile', { path: '/f', line: 'x', mode: '0600' }), facts, { check: false, diff: false })
  assert.ok(plan.changed)
  assert.equal(plan.result?.msg, 'ownership, perms or SE linux context changed')
})

let dir: string
let connection: LocalConnection
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-lineinfile-'))
  connection = new LocalConnection('localhost')
})
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

test('idempotent: lineinfile, blockinfile, replace on one file', async () => {
  const path = join(dir, 'conf')
  writeFileSync(path, 'a=1\n#b=2\n')
  await assertIdempotent(connection, 'lineinfile', { path, regexp: '^#?b=', line: 'b=3' })
  await assertIdempotent(connection, 'lineinfile', { path, line: 'c=4', insertbefore: 'BOF' })
  await assertIdempotent(connection, 'blockinfile', { path, block: 'x\ny' })
  await assertIdempotent(connection, 'replace', { path, regexp: '^a=(\\d)$', replace: 'a=\\1\\1' })
  await assertIdempotent(connection, 'lineinfile', { path, line: 'a=11', state: 'absent' })
  assert.equal(readFileSync(path, 'utf8'), 'c=4\nb=3\n# BEGIN ANSIBLE MANAGED BLOCK\nx\ny\n# END ANSIBLE MANAGED BLOCK\n')
  await assertIdempotent(connection, 'blockinfile', { path, state: 'absent' })
})

test('--check reports and changes nothing; backup keeps the old text', async () => {
  const path = join(dir, 'chk')
  writeFileSync(path, 'one\n')
  const checked = await runModule(connection, 'lineinfile', { path, line: 'two' }, { check: true, diff: true })
  assert.equal(checked.changed, true)
  assert.equal(readFileSync(path, 'utf8'), 'one\n')
  const backed = await runModule(connection, 'lineinfile', { path, line: 'two', backup: true })
  assert.ok(typeof backed.backup === 'string' && backed.backup.length > 0)
  assert.equal(readFileSync(backed.backup as string, 'utf8'), 'one\n')
  assert.equal(existsSync(path), true)
})
