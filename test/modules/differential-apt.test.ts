/**
 * Differential against ansible-core 2.14 for apt (recorded by record/record-apt.ts into
 * record/ansible-2.14-apt.json): each scenario runs through drover on a fresh disposable Debian host
 * with the same local repository, and the registered results and dpkg's end state must equal
 * Ansible's. Not compared: what record/clean.ts drops, cache_update_time (a time) and dpkg's count of
 * installed files (the recording host also has python3), both normalised by normaliseApt.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { debianHostsSkip, startDebianHosts } from '../harness/debian/index.js'
import { droverScenarioResults } from './record/host-scenario.js'
import { APT_RECORDING, APT_SCENARIOS, aptState, normaliseApt, prepareAptHost, type AptRecording } from './record/scenarios-apt.js'

const file = join(process.cwd(), APT_RECORDING)
const recording = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as AptRecording) : undefined

describe('apt differential on Debian hosts', { skip: debianHostsSkip() }, () => {
  for (const scenario of APT_SCENARIOS) {
    test(`differential: ${scenario.name}`, async () => {
      const recorded = recording?.scenarios[scenario.name]
      assert.ok(recorded, `scenario "${scenario.name}" is not recorded: run record/record-apt.ts`)
      const d = await startDebianHosts({ hosts: 1 })
      try {
        await prepareAptHost(d, 'deb1')
        const { run, results } = await droverScenarioResults(d, { ...scenario, state: {} }, 180_000)
        assert.equal(results.length, scenario.tasks.length, run.stdout + run.stderr)
        for (const [index, task] of scenario.tasks.entries()) {
          const drover = normaliseApt(results[index]!)
          assert.deepEqual(drover, recorded.results[index], `task ${index}: ${task.module} ${JSON.stringify(task.args)}${task.check ? ' (check)' : ''}`)
        }
        assert.equal(await aptState(d, 'deb1'), recorded.state, 'end state')
      } finally {
        await d.stop()
      }
    })
  }
})
