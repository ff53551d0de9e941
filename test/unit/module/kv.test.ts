import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseKeyValue, splitArgs } from '../../../src/module/kv.js'
import { shlexSplit } from '../../../src/module/shlex.js'

test('k=v pairs are unquoted strings', () => {
  assert.deepEqual(parseKeyValue(`a=1 b='x y' c="q \\"r\\""`), { a: '1', b: 'x y', c: 'q \\"r\\"' })
})

test('command free-form keeps the command text and extracts inline options only', () => {
  assert.deepEqual(parseKeyValue('echo a=b chdir=/tmp creates=/x', true), { _raw_params: 'echo a=b', chdir: '/tmp', creates: '/x' })
})

test('jinja blocks and quotes keep their spaces together', () => {
  assert.deepEqual(splitArgs(`msg="{{ a | default('x y') }}" other={{ b }}`), [`msg="{{ a | default('x y') }}"`, 'other={{ b }}'])
})

test('unbalanced quotes are a clear error, as Ansible reports them', () => {
  assert.throws(() => parseKeyValue("echo 'oops", true), /failed at splitting arguments, either an unbalanced jinja2 block or quotes: echo 'oops/)
})

test('shlex splits like Python shlex.split', () => {
  assert.deepEqual(shlexSplit(`echo "a b" 'c d' e\\ f "g\\"h" ''`), ['echo', 'a b', 'c d', 'e f', 'g"h', ''])
  assert.throws(() => shlexSplit('echo "open'), /No closing quotation/)
})
