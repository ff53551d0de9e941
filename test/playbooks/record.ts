/**
 * Records what ansible-playbook 2.14 does with each corpus playbook against harness hosts:
 * `npx tsc -p tsconfig.json && node dist/test/playbooks/record.js [case.yml ...]`.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startHarness } from '../harness/index.js'
import { caseOptions, clearScratch, corpusCases, corpusInventory, CORPUS_DIR, EXPECTED_DIR } from './corpus.js'
import { endState } from './end-state.js'
import { summarize } from './parse-output.js'

const harness = await startHarness({ hosts: 3 })
try {
  const inventory = corpusInventory(harness)
  mkdirSync(EXPECTED_DIR, { recursive: true })
  const wanted = process.argv.slice(2)
  for (const name of corpusCases().filter((c) => wanted.length === 0 || wanted.includes(c))) {
    for (const host of harness.hosts) clearScratch(host.scratch)
    const options = caseOptions(name)
    let output: string
    let exit = 0
    try {
      output = execFileSync('ansible-playbook', [...options.args, '-i', inventory, join(CORPUS_DIR, name)], {
        // OpenSSH reads known_hosts from the passwd home, not $HOME: point it at the harness's file.
        env: { ...harness.env(), ANSIBLE_NOCOLOR: '1', ANSIBLE_PYTHON_INTERPRETER: 'auto_silent', ANSIBLE_RETRY_FILES_ENABLED: '0', ANSIBLE_SSH_EXTRA_ARGS: `-o UserKnownHostsFile=${harness.knownHosts}` },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string }
      output = e.stdout
      exit = e.status
      if (!output.includes('PLAY RECAP')) console.log(`${name}: ${e.stderr.trim()}`)
    }
    writeFileSync(join(EXPECTED_DIR, name.replace(/\.yml$/, '.json')), JSON.stringify({ exit, ...summarize(output, options), endState: endState(harness) }, null, 2) + '\n')
    console.log(`${name}: exit ${exit}`)
  }
} finally {
  await harness.stop()
}
