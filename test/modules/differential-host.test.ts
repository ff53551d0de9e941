/**
 * Differential against ansible-core 2.14 for modules that change a system (recorded by
 * record/record-host.ts into record/ansible-2.14-hosts.json): each scenario runs through drover on
 * a fresh disposable Debian host, and the registered results and the end state (account database
 * lines, paths) must equal Ansible's. Not compared: what record/clean.ts drops (invocation,
 * warnings), and the random parts of generated ssh keys (normaliseKeys).
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { debianHostsSkip, startDebianHosts } from '../harness/debian/index.js'
import { droverScenarioResults, hostState, normaliseKeys, type HostRecording } from './record/host-scenario.js'
import { ACCOUNT_SCENARIOS } from './record/scenarios-accounts.js'

const recording = JSON.parse(readFileSync(join(process.cwd(), 'test/modules/record/ansible-2.14-hosts.json'), 'utf8')) as HostRecording

describe('differential on Debian hosts', { skip: debianHostsSkip() }, () => {
  for (const scenario of ACCOUNT_SCENARIOS) {
    test(`differential: ${scenario.name}`, async () => {
      const recorded = recording.scenarios[scenario.name]
      assert.ok(recorded, `scenario "${scenario.name}" is not recorded: run record/record-host.ts`)
      const d = await startDebianHosts({ hosts: 1 })
      try {
        if (scenario.setup) assert.equal((await d.exec('deb1', scenario.setup)).code, 0)
        const { run, results } = await droverScenarioResults(d, scenario)
        assert.equal(results.length, scenario.tasks.length, run.stdout + run.stderr)
        for (const [index, task] of scenario.tasks.entries()) {
          const drover = normaliseKeys(results[index]!)
          assert.deepEqual(drover, recorded.results[index], `task ${index}: ${task.module} ${JSON.stringify(task.args)}${task.check ? ' (check)' : ''}`)
        }
        assert.deepEqual(await hostState(d, 'deb1', scenario.state), recorded.state, 'end state')
      } finally {
        await d.stop()
      }
    })
  }
})
