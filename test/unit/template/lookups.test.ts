/** Controller-side lookups, read from test/unit/template/fixtures. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { Templar } from '../../../src/template/index.js'

const FX = join(process.cwd(), 'test', 'unit', 'template', 'fixtures')
const t = new Templar()
const opts = { searchPath: [FX] }

test('file: found under files/ in the search path, trailing whitespace stripped', () => {
  assert.equal(t.render("{{ lookup('file', 'hello.txt') }}", {}, opts), 'hello from a file')
  assert.throws(() => t.render("{{ lookup('file', 'nope.txt') }}", {}, opts), (e: unknown) => {
    assert.equal((e as { code: string }).code, 'E_TEMPLATE_LOOKUP')
    assert.match((e as Error).message, /nope\.txt/)
    return true
  })
  assert.equal(t.render("{{ lookup('file', 'nope.txt', errors='ignore') }}", {}, opts), null)
})

test('env: value or default', () => {
  process.env.DROVER_TPL_TEST = 'v1'
  assert.equal(t.render("{{ lookup('env', 'DROVER_TPL_TEST') }}", {}), 'v1')
  assert.equal(t.render("{{ lookup('env', 'DROVER_TPL_NOPE', default='d') }}", {}), 'd')
})

test('template: renders a template file with the current vars and template_vars', () => {
  const out = t.render("{{ lookup('template', 'conf.j2', template_vars={'items': [1, 2]}) }}", { name: 'web' }, opts)
  assert.equal(out, 'name=web\n- 1\n- 2\n')
})

test('vars: templated value; missing is an error unless a default is given', () => {
  assert.equal(t.render("{{ lookup('vars', 'a') }}", { a: '{{ b }}', b: 3 }), 3)
  assert.equal(t.render("{{ lookup('vars', 'zz', default='d') }}", {}), 'd')
  assert.throws(() => t.render("{{ lookup('vars', 'zz') }}", {}), /No variable found with this name: zz/)
})

test('items / list / query return lists; lookup joins strings with commas', () => {
  assert.deepEqual(t.render("{{ query('items', [1, [2]], 3) }}", {}), [1, [2], 3])
  assert.equal(t.render("{{ lookup('items', ['a', 'b']) }}", {}), 'a,b')
  assert.deepEqual(t.render("{{ q('list', 'a', 'b') }}", {}), ['a', 'b'])
  assert.deepEqual(t.render("{{ query('sequence', 'start=1 end=5 stride=2 format=h%02d') }}", {}), ['h01', 'h03', 'h05'])
  assert.deepEqual(t.render("{{ query('dict', {'a': 1}) }}", {}), [{ key: 'a', value: 1 }])
})

test('fileglob: files matching in a files/ directory', () => {
  const out = t.render("{{ query('fileglob', 'glob/*.conf') }}", {}, opts) as string[]
  assert.deepEqual(out.map((p) => p.slice(FX.length)), ['/files/glob/a.conf', '/files/glob/b.conf'])
})

test('first_found: first existing candidate, skip, or an error', () => {
  const out = t.render("{{ lookup('first_found', ['nope.txt', 'hello.txt']) }}", {}, opts)
  assert.equal(out, join(FX, 'files', 'hello.txt'))
  assert.deepEqual(t.render("{{ query('first_found', ['nope.txt'], skip=true) }}", {}, opts), [])
  assert.throws(() => t.render("{{ lookup('first_found', ['nope.txt']) }}", {}, opts), /No file was found/)
})

test('pipe and lines run on the controller', () => {
  assert.equal(t.render("{{ lookup('pipe', 'echo hi; echo there') }}", {}), 'hi\nthere')
  assert.deepEqual(t.render("{{ query('lines', 'printf \"a\\\\nb\\\\n\"') }}", {}), ['a', 'b'])
  assert.throws(() => t.render("{{ lookup('pipe', 'exit 3') }}", {}), /returned 3/)
})

test('unknown lookup is an error naming it', () => {
  assert.throws(() => t.render("{{ lookup('nosuch', 'x') }}", {}), /lookup plugin \(nosuch\) not found/)
})
