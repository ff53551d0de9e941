/**
 * Acceptance 1 of issue 9: drover's text output equals ansible-playbook 2.14's, line for line,
 * for every recorded golden file (see record-golden.ts), after normalizeGolden.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startHarness, type Harness } from '../harness/index.js'
import { runDrover } from '../e2e/run-drover.js'
import { caseOptions, clearScratch, corpusCases, corpusInventory, CORPUS_DIR } from './corpus.js'
import { GOLDEN_CASES_DIR, GOLDEN_DIR, GOLDEN_MODES, goldenFile, placeholders } from './golden-modes.js'
import { GOLDEN_EXCEPTIONS } from './golden-exceptions.js'
import { normalizeGolden } from './golden-normalize.js'

let harness: Harness
let inventory: string

before(async () => {
  harness = await startHarness({ hosts: 3 })
  inventory = corpusInventory(harness)
})

after(async () => {
  await harness?.stop()
})

for (const mode of GOLDEN_MODES) {
  for (const name of mode.cases ?? corpusCases()) {
    const file = join(GOLDEN_DIR, goldenFile(name, mode.name))
    // A mode/case pair that was never recorded has nothing to compare with.
    if (!existsSync(file)) continue
    test(`golden ${mode.name}: ${name}`, async () => {
      for (const host of harness.hosts) clearScratch(host.scratch)
      const dir = existsSync(join(CORPUS_DIR, name)) ? CORPUS_DIR : GOLDEN_CASES_DIR
      const run = await runDrover(['playbook', ...mode.args, ...(dir === CORPUS_DIR ? caseOptions(name).args : []), '-i', inventory, join(dir, name)], { env: { ...harness.env(), ...mode.env } })
      const drop = GOLDEN_EXCEPTIONS.filter((e) => (e.case === '*' || e.case === name) && (e.mode === '*' || e.mode === mode.name)).map((e) => e.line)
      const expected = normalizeGolden(readFileSync(file, 'utf8'), drop)
      const actual = normalizeGolden(placeholders(run.stdout, { harnessDir: harness.dir, casesDir: dir }), drop)
      assert.equal(actual.join('\n'), expected.join('\n'), `stderr:\n${run.stderr}`)
    })
  }
}
