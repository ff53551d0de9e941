import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { v8Defaults } from '../../../src/cli/v8-defaults.js'

test('v8Defaults: both settings on V8 11 to 13 when the user gave neither', () => {
  for (const version of ['11.3.244.8-node.33', '12.4.254.21-node.24', '13.6.233.10-node.1']) {
    assert.deepEqual(v8Defaults(' ', version), ['--interrupt-budget=540672', '--heap-growing-percent=100'])
  }
})

test('v8Defaults: a setting the user gave wins, spelt with dashes or underscores, on the command line or in NODE_OPTIONS', () => {
  assert.deepEqual(v8Defaults('--heap-growing-percent=100 ', '11.3.244.8'), ['--interrupt-budget=540672'])
  assert.deepEqual(v8Defaults(' --max-old-space-size=512 --heap_growing_percent=20', '11.3.244.8'), ['--interrupt-budget=540672'])
  assert.deepEqual(v8Defaults('--interrupt_budget=1000 --heap-growing-percent=30', '11.3.244.8'), [])
  // A longer flag that merely starts with the same words is not the same setting.
  assert.deepEqual(v8Defaults('--interrupt-budget-for-maglev=10', '11.3.244.8'), ['--interrupt-budget=540672', '--heap-growing-percent=100'])
})

test('v8Defaults: nothing on a V8 not known to have the flags', () => {
  assert.deepEqual(v8Defaults('', '10.2.154.26-node.26'), [])
  assert.deepEqual(v8Defaults('', '14.0.1'), [])
})

test('the flags are ones this V8 accepts: setting them prints nothing', () => {
  const flags = v8Defaults('', process.versions.v8)
  assert.ok(flags.length > 0, `this test needs a V8 the defaults know (running on ${process.versions.v8})`)
  const child = spawnSync(process.execPath, ['-e', `for (const f of ${JSON.stringify(flags)}) require('node:v8').setFlagsFromString(f); console.log('ok')`], { encoding: 'utf8' })
  assert.equal(child.stderr, '')
  assert.equal(child.stdout, 'ok\n')
  const unknown = spawnSync(process.execPath, ['-e', "require('node:v8').setFlagsFromString('--no-such-drover-flag=1')"], { encoding: 'utf8' })
  assert.notEqual(unknown.stderr, '', 'V8 reports an unknown flag on stderr, which is what the version check avoids')
})
