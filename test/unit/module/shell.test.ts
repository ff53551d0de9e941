import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { commandLine, quote, quoteGlob } from '../../../src/module/shell.js'
import { tempDir } from '../../support/temp-dir.js'

const nasty = ["it's", 'a b', '$(touch /tmp/drover-pwned)', '`id`', 'line\nbreak', '-rf', '"dq"', '*', '', ';|&<>']

test('quoted arguments reach the command as the same bytes, never interpreted', () => {
  const line = commandLine(['printf', '%s\\0', ...nasty])
  const out = execFileSync('/bin/sh', ['-c', line]).toString('utf8')
  assert.deepEqual(out.split('\0').slice(0, -1), nasty)
})

test('quote leaves plain words alone and refuses NUL', () => {
  assert.equal(quote('/etc/hosts'), '/etc/hosts')
  assert.equal(quote('-n'), "'-n'")
  assert.throws(() => quote('a\0b'))
})

test('quoteGlob: a bracket expression stays a class of literal characters, never a command', () => {
  const dir = tempDir('drover-glob-')
  for (const name of ['a$', 'a(', 'ab', 'ac']) writeFileSync(join(dir, name), '')
  const list = (pattern: string) => execFileSync('/bin/sh', ['-c', `for f in ${quoteGlob(join(dir, pattern))}; do printf '%s\\n' "\${f##*/}"; done`]).toString()
  assert.equal(list('a[$(id)]'), 'a$\na(\n')
  assert.equal(list('a[$(touch canary)]'), 'a$\na(\nac\n')
  assert.equal(list('a[!$(]'), 'ab\nac\n')
  assert.equal(list('a[b-c]'), 'ab\nac\n')
  assert.equal(list("a[`touch canary`'\n;]"), 'ac\n')
  assert.equal(existsSync(join(dir, 'canary')), false)
})

test('quoteGlob keeps wildcards live and everything else literal', () => {
  const line = `for f in ${quoteGlob('/nonexistent dir/$(id)*.txt')}; do printf '%s' "$f"; done`
  assert.equal(execFileSync('/bin/sh', ['-c', line]).toString(), '/nonexistent dir/$(id)*.txt')
})
