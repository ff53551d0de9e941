import assert from 'node:assert/strict'
import { test } from 'node:test'
import { dropOmitted, OMIT_PLACEHOLDER } from '../../../src/vars/task-vars.js'

test('omitted arguments are dropped at any depth, into a copy', () => {
  const registered = { a: 1, b: [1, OMIT_PLACEHOLDER, { c: OMIT_PLACEHOLDER, d: 'x' }] }
  const args = { path: '/x', mode: OMIT_PLACEHOLDER, data: registered }
  const out = dropOmitted(args) as Record<string, unknown>
  assert.deepEqual(out, { path: '/x', data: { a: 1, b: [1, { d: 'x' }] } })
  assert.notEqual(out.data, registered)
  assert.deepEqual(registered.b.length, 3, 'the input is left as it was')
})

test('a __proto__ key stays an own key', () => {
  const args = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>
  const out = dropOmitted(args) as Record<string, unknown>
  assert.deepEqual(Object.keys(out), ['__proto__', 'x'])
  assert.equal(Object.getPrototypeOf(out), Object.prototype)
  assert.equal(({} as Record<string, unknown>).polluted, undefined)
})
