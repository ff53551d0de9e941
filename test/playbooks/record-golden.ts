/**
 * Records ansible-playbook 2.14's full stdout for the corpus, per golden mode:
 * `npx tsc -p tsconfig.json && node dist/test/playbooks/record-golden.js [mode] [case.yml ...]`.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startHarness } from '../harness/index.js'
import { caseOptions, clearScratch, corpusCases, corpusInventory, CORPUS_DIR } from './corpus.js'
import { GOLDEN_DIR, GOLDEN_CASES_DIR, GOLDEN_MODES, goldenFile, placeholders } from './golden-modes.js'

const [wantedMode, ...wantedCases] = process.argv.slice(2)
// Cases named on the command line are recorded even when the mode does not compare them (yet).
const harness = await startHarness({ hosts: 3 })
try {
  const inventory = corpusInventory(harness)
  mkdirSync(GOLDEN_DIR, { recursive: true })
  for (const mode of GOLDEN_MODES.filter((m) => !wantedMode || m.name === wantedMode)) {
    for (const name of wantedCases.length ? wantedCases : (mode.cases ?? corpusCases())) {
      for (const host of harness.hosts) clearScratch(host.scratch)
      const dir = existsSync(join(CORPUS_DIR, name)) ? CORPUS_DIR : GOLDEN_CASES_DIR
      let output: string
      let exit = 0
      try {
        // A fixed interpreter: discovery would add ansible_facts.discovered_interpreter_python to
        // each host's first result, an artefact of Ansible's Python modules that drover does not have.
        output = execFileSync('ansible-playbook', [...mode.args, ...(dir === CORPUS_DIR ? caseOptions(name).args : []), '-i', inventory, join(dir, name)], {
          env: { ...harness.env(), ...mode.env, ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_RETRY_FILES_ENABLED: '0', ANSIBLE_SSH_EXTRA_ARGS: `-o UserKnownHostsFile=${harness.knownHosts}` },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      } catch (error) {
        const e = error as { status: number; stdout: string }
        output = e.stdout
        exit = e.status
      }
      writeFileSync(join(GOLDEN_DIR, goldenFile(name, mode.name)), placeholders(output, { harnessDir: harness.dir, casesDir: dir }))
      console.log(`${mode.name} ${name}: exit ${exit}`)
    }
  }
} finally {
  await harness.stop()
}
