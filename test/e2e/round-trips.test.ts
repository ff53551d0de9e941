import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { writeConvergePlaybook, CONVERGE_TASKS } from '../../bench/converge.js'
import { countedRun } from '../../bench/round-trips.js'
import { startHarness, type Harness } from '../harness/index.js'
import { runDrover } from './run-drover.js'

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

test('a playbook run opens one TCP connection per host, dialled early and used for its one login', async () => {
  const inventory = harness.writeInventory({ hosts: harness.hosts })
  // sshd logs every accepted TCP connection, authenticated or not: a dial that went unused (or a
  // second one) would show here even though the login count stays at one.
  const accepted = (name: string) => readFileSync(harness.sshdLog(name), 'utf8').split('\n').filter((line) => line.includes('Connection from ')).length
  const before = harness.hosts.map((h) => [accepted(h.name), harness.acceptedConnections(h.name)])
  const run = await runDrover(['playbook', '-i', inventory, playbook], { env: { ...process.env, ...harness.env(), NO_COLOR: '1' } as Record<string, string> })
  assert.equal(run.code, 0, run.stderr + run.stdout)
  // sshd writes the lines as the connection ends; give the last ones a moment.
  for (let wait = 0; wait < 50 && harness.hosts.some((h, i) => accepted(h.name) === before[i]![0]); wait++) await new Promise((r) => setTimeout(r, 100))
  harness.hosts.forEach((h, i) => {
    assert.equal(accepted(h.name) - before[i]![0]!, 1, `${h.name}: TCP connections`)
    assert.equal(harness.acceptedConnections(h.name) - before[i]![1]!, 1, `${h.name}: logins`)
  })
})
