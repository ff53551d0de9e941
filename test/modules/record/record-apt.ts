/**
 * Records what ansible-core 2.14 returns for the apt scenarios (scenarios-apt.ts) on a fresh
 * disposable Debian host with python3 and python3-apt (drover's own runs use hosts without them).
 * Run as root after a build:  node dist/test/modules/record/record-apt.js
 * It rewrites test/modules/record/ansible-2.14-apt.json (read by differential-apt.test.ts).
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { RECORDING_PACKAGES, startDebianHosts } from '../../harness/debian/index.js'
import { ansibleScenarioResults } from './host-scenario.js'
import { APT_RECORDING, APT_SCENARIOS, aptState, normaliseApt, prepareAptHost, type AptRecording } from './scenarios-apt.js'

/** ansible's apt module needs python-apt on the target. */
export const APT_RECORDING_PACKAGES = [...RECORDING_PACKAGES, 'python3-apt']

async function record(): Promise<AptRecording> {
  const version = execFileSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).split('\n')[0]!
  const out: AptRecording = { ansible: version, scenarios: {} }
  for (const scenario of APT_SCENARIOS) {
    const d = await startDebianHosts({ hosts: 1, packages: APT_RECORDING_PACKAGES })
    try {
      await prepareAptHost(d, 'deb1')
      const results = ansibleScenarioResults(d, { ...scenario, state: {} }).map(normaliseApt)
      out.scenarios[scenario.name] = { results, state: await aptState(d, 'deb1') }
      process.stderr.write(`recorded: ${scenario.name}\n`)
    } finally {
      await d.stop()
    }
  }
  return out
}

const isMain = import.meta.url === `file://${process.argv[1]}`
if (isMain) {
  const recording = await record()
  writeFileSync(join(process.cwd(), APT_RECORDING), JSON.stringify(recording, null, 2) + '\n')
  console.log(`recorded ${Object.keys(recording.scenarios).length} apt scenarios with ${recording.ansible}`)
}
