import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { test } from 'node:test'
import { commandLine, quote, quoteGlob } from '../../../src/module/shell.js'

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

test('quoteGlob keeps wildcards live and everything else literal', () => {
  const line = `for f in ${quoteGlob('/nonexistent dir/$(id)*.txt')}; do printf '%s' "$f"; done`
  assert.equal(execFileSync('/bin/sh', ['-c', line]).toString(), '/nonexistent dir/$(id)*.txt')
})
