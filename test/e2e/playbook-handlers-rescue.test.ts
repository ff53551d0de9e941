/**
 * Acceptance 3 of issue 5, asserted directly on what ran on the hosts: handlers run once per flush,
 * in definition order (not notification order), only on the hosts that notified them; a failure in
 * a block runs its rescue and its always and counts as `rescued`, not `failed`.
 */
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, beforeEach, test } from 'node:test'
import { startHarness, type Harness } from '../harness/index.js'
import { clearScratch } from '../playbooks/corpus.js'
import { runDrover } from './run-drover.js'

let harness: Harness
let inventory: string

before(async () => {
  harness = await startHarness({ hosts: 3 })
  inventory = harness.writeInventory({ hosts: harness.hosts })
})

beforeEach(() => {
  for (const host of harness.hosts) clearScratch(host.scratch)
})

after(async () => {
  await harness?.stop()
})

function playbook(name: string, lines: string[]): string {
  const file = join(harness.dir, name)
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

/** What a file in a host's scratch dir holds, or undefined when the playbook never wrote it. */
function scratchFile(host: string, file: string): string | undefined {
  const path = join(harness.hosts.find((h) => h.name === host)!.scratch, file)
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

function recap(stdout: string, host: string): Record<string, number> {
  const line = new RegExp(`^${host} +: (.*)$`, 'm').exec(stdout)
  assert.ok(line, `no recap line for ${host}\n${stdout}`)
  return Object.fromEntries([...line[1]!.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]))
}

test('handlers: once per flush, in definition order, only on notifying hosts', async () => {
  const file = playbook('handlers.yml', [
    '- hosts: all',
    '  gather_facts: false',
    '  tasks:',
    '    - name: notify second, then first (h1 and h2 only)',
    '      command: /bin/true',
    '      notify: [second, first]',
    "      when: inventory_hostname != 'h3'",
    '    - name: notify first again in the same section',
    '      command: /bin/true',
    '      notify: first',
    "      when: inventory_hostname != 'h3'",
    '    - meta: flush_handlers',
    '    - name: notify first after the flush (h1 only)',
    '      command: /bin/true',
    '      notify: first',
    "      when: inventory_hostname == 'h1'",
    '  handlers:',
    '    - name: first',
    '      shell: echo first >> {{ harness_scratch }}/handlers',
    '    - name: second',
    '      shell: echo second >> {{ harness_scratch }}/handlers',
  ])
  const run = await runDrover(['playbook', '-i', inventory, file], { env: { ...harness.env(), NO_COLOR: '1' } })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  // First flush: each handler once despite two notifications, first before second; the end-of-play flush: first on h1.
  assert.equal(scratchFile('h1', 'handlers'), 'first\nsecond\nfirst\n')
  assert.equal(scratchFile('h2', 'handlers'), 'first\nsecond\n')
  assert.equal(scratchFile('h3', 'handlers'), undefined, 'h3 never notified')
  assert.equal((run.stdout.match(/RUNNING HANDLER \[first\]/g) ?? []).length, 2, run.stdout)
  assert.equal((run.stdout.match(/RUNNING HANDLER \[second\]/g) ?? []).length, 1, run.stdout)
})

test('a failure in a block runs rescue and always and counts as rescued', async () => {
  const file = playbook('rescue.yml', [
    '- hosts: all',
    '  gather_facts: false',
    '  tasks:',
    '    - block:',
    '        - name: fails on h2',
    '          command: /bin/false',
    "          when: inventory_hostname == 'h2'",
    '        - name: rest of the block',
    '          shell: echo block >> {{ harness_scratch }}/trace',
    '      rescue:',
    '        - name: rescue',
    '          shell: echo rescue >> {{ harness_scratch }}/trace',
    '      always:',
    '        - name: always',
    '          shell: echo always >> {{ harness_scratch }}/trace',
    '    - name: the play goes on for every host',
    '      shell: echo after >> {{ harness_scratch }}/trace',
  ])
  const run = await runDrover(['playbook', '-i', inventory, file], { env: { ...harness.env(), NO_COLOR: '1' } })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.equal(scratchFile('h2', 'trace'), 'rescue\nalways\nafter\n')
  assert.equal(scratchFile('h1', 'trace'), 'block\nalways\nafter\n')
  assert.deepEqual(recap(run.stdout, 'h2'), { ok: 3, changed: 3, unreachable: 0, failed: 0, skipped: 0, rescued: 1, ignored: 0 })
  assert.deepEqual(recap(run.stdout, 'h1'), { ok: 3, changed: 3, unreachable: 0, failed: 0, skipped: 1, rescued: 0, ignored: 0 })
})
