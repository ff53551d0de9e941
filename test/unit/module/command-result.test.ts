import assert from 'node:assert/strict'
import { test } from 'node:test'
import { pythonDelta, splitLines } from '../../../src/module/command-result.js'

test('timedelta formatting matches Python str(timedelta)', () => {
  assert.equal(pythonDelta(28.166), '0:00:00.028166')
  assert.equal(pythonDelta(3_723_004.5), '1:02:03.004500')
})

test('splitLines drops only the final empty line', () => {
  assert.deepEqual(splitLines('a\nb\n'), ['a', 'b'])
  assert.deepEqual(splitLines('a\r\n\nb'), ['a', '', 'b'])
  assert.deepEqual(splitLines(''), [])
})
