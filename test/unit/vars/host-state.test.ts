import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RunState } from '../../../src/vars/host-state.js'

test('the active hosts are cached per list until a host fails, recovers or becomes unreachable', () => {
  const state = new RunState()
  const hosts = ['a', 'b', 'c']
  const first = state.activeAmong(hosts)
  assert.deepEqual(first, ['a', 'b', 'c'])
  assert.equal(state.activeAmong(hosts), first)
  state.get('b').failed = true
  assert.deepEqual(state.activeAmong(hosts), ['a', 'c'])
  state.get('c').unreachable = true
  assert.deepEqual(state.activeAmong(hosts), ['a'])
  state.get('b').failed = false
  assert.deepEqual(state.activeAmong(hosts), ['a', 'b'])
  state.get('a').ended = true
  assert.deepEqual(state.activeAmong(hosts), ['a', 'b'], 'ended hosts still count, as before')
})

test("facts' variables are built once per facts object and rebuilt when the facts are replaced", () => {
  const host = new RunState().get('a')
  assert.deepEqual(host.factVars(), { ansible_facts: {} })
  host.facts = { os_family: 'Debian', ansible_local: {} }
  const vars = host.factVars()
  assert.deepEqual(vars, { ansible_facts: host.facts, ansible_os_family: 'Debian', ansible_local: {} })
  assert.equal(host.factVars(), vars)
  host.facts = { ...host.facts, distribution: 'Debian' }
  assert.equal(host.factVars().ansible_distribution, 'Debian')
})
