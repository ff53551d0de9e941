import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startHarness, type Harness } from '../harness/index.js'
import { runDrover } from '../e2e/run-drover.js'
import { caseOptions, clearScratch, corpusCases, corpusInventory, CORPUS_DIR, EXPECTED_DIR, type Expected } from './corpus.js'
import { endState } from './end-state.js'
import { summarize } from './parse-output.js'

let harness: Harness
let inventory: string

before(async () => {
  harness = await startHarness({ hosts: 3 })
  inventory = corpusInventory(harness)
})

after(async () => {
  await harness?.stop()
})

for (const name of corpusCases()) {
  test(`parity with ansible-playbook 2.14: ${name}`, async () => {
    const expected = JSON.parse(readFileSync(join(EXPECTED_DIR, name.replace(/\.yml$/, '.json')), 'utf8')) as Expected
    for (const host of harness.hosts) clearScratch(host.scratch)
    const options = caseOptions(name)
    const run = await runDrover(['playbook', ...options.args, '-i', inventory, join(CORPUS_DIR, name)], { env: { ...harness.env(), NO_COLOR: '1' } })
    const actual = summarize(run.stdout, options)
    assert.deepEqual(actual.sections, expected.sections, `per-task statuses differ\n${run.stdout}\n${run.stderr}`)
    assert.deepEqual(actual.recap, expected.recap, 'PLAY RECAP differs')
    assert.equal(run.code, expected.exit, `exit code differs\n${run.stderr}`)
    assert.deepEqual(endState(harness), expected.endState, 'what the run left on the hosts differs')
  })
}
