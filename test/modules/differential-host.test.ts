/**
 * Differential against ansible-core 2.14 for modules that change a system (recorded by
 * record/record-host.ts into record/ansible-2.14-hosts.json): each scenario runs through drover on
 * a fresh disposable Debian host, and the registered results and the end state (account database
 * lines, paths) must equal Ansible's. Not compared: what record/clean.ts drops (invocation,
 * warnings), and the random parts of generated ssh keys (normaliseKeys).
 */
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { debianHostsSkip, startDebianHosts } from '../harness/debian/index.js'
import { runDrover } from '../e2e/run-drover.js'
import { cleanResult } from './record/clean.js'
import { hostState, normaliseKeys, scenarioPlaybook, type HostRecording } from './record/host-scenario.js'
import { ACCOUNT_SCENARIOS } from './record/scenarios-accounts.js'

const recording = JSON.parse(readFileSync(join(process.cwd(), 'test/modules/record/ansible-2.14-hosts.json'), 'utf8')) as HostRecording

/** The registered result of every task, in order, from drover's `--output json` events. */
function taskResults(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; result?: Record<string, unknown> })
    .filter((e) => e.type === 'host_result').map((e) => e.result!)
}

describe('differential on Debian hosts', { skip: debianHostsSkip() }, () => {
  for (const scenario of ACCOUNT_SCENARIOS) {
    test(`differential: ${scenario.name}`, async () => {
      const recorded = recording.scenarios[scenario.name]
      assert.ok(recorded, `scenario "${scenario.name}" is not recorded: run record/record-host.ts`)
      const d = await startDebianHosts({ hosts: 1 })
      try {
        if (scenario.setup) assert.equal((await d.exec('deb1', scenario.setup)).code, 0)
        const playbook = join(d.dir, 'scenario.yml')
        writeFileSync(playbook, scenarioPlaybook(scenario))
        const run = await runDrover(['playbook', '--output', 'json', '-i', d.writeInventory(), playbook, ...(scenario.diff ? ['--diff'] : [])], { env: d.env() })
        const results = taskResults(run.stdout)
        assert.equal(results.length, scenario.tasks.length, run.stdout + run.stderr)
        for (const [index, task] of scenario.tasks.entries()) {
          const drover = normaliseKeys(cleanResult(results[index]!, {}))
          assert.deepEqual(drover, recorded.results[index], `task ${index}: ${task.module} ${JSON.stringify(task.args)}${task.check ? ' (check)' : ''}`)
        }
        assert.deepEqual(await hostState(d, 'deb1', scenario.state), recorded.state, 'end state')
      } finally {
        await d.stop()
      }
    })
  }
})
