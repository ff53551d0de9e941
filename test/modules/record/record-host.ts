/**
 * Records what ansible-core 2.14 returns for the host scenarios (scenarios-accounts.ts): each one
 * on a fresh disposable Debian host with python3 added (RECORDING_PACKAGES; drover's own runs use
 * hosts without it), through ansible-playbook with the json stdout callback. Run as root after a build:
 *   node dist/test/modules/record/record-host.js [name prefix...]
 * It rewrites test/modules/record/ansible-2.14-hosts.json (read by differential-host.test.ts).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { RECORDING_PACKAGES, startDebianHosts } from '../../harness/debian/index.js'
import { ansibleScenarioResults, hostState, normaliseKeys, type HostRecording } from './host-scenario.js'
import { ACCOUNT_SCENARIOS } from './scenarios-accounts.js'

export const HOST_RECORDING = 'test/modules/record/ansible-2.14-hosts.json'

async function record(): Promise<HostRecording> {
  const version = execFileSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).split('\n')[0]!
  const file = join(process.cwd(), HOST_RECORDING)
  const only = process.argv.slice(2)
  const out: HostRecording = { ansible: version, scenarios: {} }
  if (only.length > 0 && existsSync(file)) out.scenarios = (JSON.parse(readFileSync(file, 'utf8')) as HostRecording).scenarios
  for (const scenario of ACCOUNT_SCENARIOS) {
    if (only.length > 0 && !only.some((prefix) => scenario.name.startsWith(prefix))) continue
    const d = await startDebianHosts({ hosts: 1, packages: RECORDING_PACKAGES })
    try {
      if (scenario.setup) {
        const setup = await d.exec('deb1', scenario.setup)
        if (setup.code !== 0) throw new Error(`setup of "${scenario.name}" failed: ${setup.stderr}`)
      }
      const results = ansibleScenarioResults(d, scenario).map(normaliseKeys)
      out.scenarios[scenario.name] = { results, state: await hostState(d, 'deb1', scenario.state) }
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
  writeFileSync(join(process.cwd(), HOST_RECORDING), JSON.stringify(recording, null, 2) + '\n')
  console.log(`recorded ${Object.keys(recording.scenarios).length} host scenarios with ${recording.ansible}`)
}
