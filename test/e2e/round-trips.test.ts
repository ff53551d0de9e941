import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { writeConvergePlaybook, CONVERGE_TASKS } from '../../bench/converge.js'
import { countedRun } from '../../bench/round-trips.js'
import { startHarness, type Harness } from '../harness/index.js'

let harness: Harness
let playbook: string

before(async () => {
  harness = await startHarness({ hosts: 2 })
  playbook = writeConvergePlaybook(mkdtempSync(join(tmpdir(), 'drover-rt-')))
})

after(async () => {
  await harness?.stop()
})

const CONTROLLER_ACTIONS = new Set(['assert', 'debug'])

test('round trips (frames counted): at most 2 per changed task, exactly 1 per unchanged task, none on the controller', async () => {
  const inventory = harness.writeInventory({ hosts: harness.hosts })
  const first = await countedRun(harness, inventory, playbook)
  assert.equal(first.length, CONVERGE_TASKS * harness.hosts.length)
  assert.ok(first.every((c) => !c.failed), JSON.stringify(first))
  for (const c of first) {
    if (CONTROLLER_ACTIONS.has(c.action)) assert.equal(c.frames, 0, `${c.task} on ${c.host} runs on the controller`)
    else if (c.status === 'changed') assert.ok(c.frames >= 1 && c.frames <= 2, `${c.task} on ${c.host}: ${c.frames} frames for a change`)
    else assert.equal(c.frames, 1, `${c.task} on ${c.host}: ${c.frames} frames unchanged`)
  }
  assert.ok(first.some((c) => c.status === 'changed' && c.frames === 2), 'the first run makes changes')
  const second = await countedRun(harness, inventory, playbook)
  for (const c of second) {
    assert.notEqual(c.status, 'changed', `${c.task} on ${c.host} changed on the second run`)
    assert.equal(c.frames, CONTROLLER_ACTIONS.has(c.action) ? 0 : 1, `${c.task} on ${c.host}: ${c.frames} frames on the unchanged run`)
  }
})
