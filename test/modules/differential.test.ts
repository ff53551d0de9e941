/**
 * Differential against ansible-core 2.14 (recorded by record/record.ts into record/ansible-2.14.json):
 * each scenario runs through drover's modules over a LocalConnection in a fresh temp dir, and the
 * registered results and the directory's end state must equal Ansible's. Not compared, and why:
 * - values pointing into Ansible's own temp dirs (~/.ansible/tmp: copy/template `src`, diff `after_header`
 *   for content), which drover does not have;
 * - `diff` of unchanged tasks (Ansible computes it, the callback drops it; drover does not compute it);
 * - stat's `mimetype`, `charset` (need `file`), `attributes`, `attr_flags`, `version` (need lsattr):
 *   not available with sh and coreutils;
 * - volatile keys dropped by record/clean.ts (times, inode, dev, backup file names, interpreter facts);
 * - snapshot entries of backup files (`name.PID.DATE~`), whose names hold a pid and a time.
 */
import assert from 'node:assert/strict'
import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { LocalConnection } from '../../src/connection/local.js'
import { cleanResult } from './record/clean.js'
import type { Recording, Snapshot } from './record/scenario.js'
import { SCENARIOS } from './record/scenarios.js'
import { placeholders, setUp, snapshot, withDir } from './record/snapshot.js'
import { runModule } from './run-module.js'

const recording = JSON.parse(readFileSync(join(process.cwd(), 'test/modules/record/ansible-2.14.json'), 'utf8')) as Recording
const NOT_AVAILABLE = new Set(['mimetype', 'charset', 'attributes', 'attr_flags', 'version'])

function comparable(drover: Record<string, unknown>, ansible: Record<string, unknown>): [Record<string, unknown>, Record<string, unknown>] {
  const a: Record<string, unknown> = {}
  const d: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(ansible)) {
    if (key === 'ansible_facts') continue
    if (key === 'diff' && !ansible.changed) continue
    if (JSON.stringify(value)?.includes('/.ansible/tmp/')) {
      if (key === 'diff') {
        const strip = (x: unknown) => (Array.isArray(x) ? x : [x]).map((e: Record<string, unknown>) => Object.fromEntries(Object.entries(e).filter(([, v]) => !String(v).includes('/.ansible/tmp/') )))
        a.diff = strip(value)
        d.diff = drover.diff === undefined ? undefined : strip(drover.diff).map((e, i) => Object.fromEntries(Object.entries(e).filter(([k]) => k in (a.diff as Record<string, unknown>[])[i]!)))
      }
      continue
    }
    if (key === 'stat' && value && typeof value === 'object') {
      a.stat = Object.fromEntries(Object.entries(value).filter(([k]) => !NOT_AVAILABLE.has(k)))
      d.stat = drover.stat
      continue
    }
    a[key] = value
    d[key] = drover[key]
  }
  for (const key of Object.keys(drover)) if (!(key in ansible) && key !== 'diff') d[key] = drover[key]
  return [d, a]
}

function withoutBackups(snap: Snapshot): Snapshot {
  return Object.fromEntries(Object.entries(snap).filter(([name]) => !/\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/.test(name)))
}

let connection: LocalConnection
before(() => {
  connection = new LocalConnection('localhost')
})
after(async () => {
  await connection.close()
})

for (const scenario of SCENARIOS) {
  test(`differential: ${scenario.name}`, async () => {
    const recorded = recording.scenarios[scenario.name]
    assert.ok(recorded, `scenario "${scenario.name}" is not recorded: run record/record.ts`)
    const dir = mkdtempSync(join(tmpdir(), 'drover-dif-')) // as long as the recorder's 'drover-rec-': link sizes are path lengths
    try {
      setUp(dir, scenario.setup)
      for (const [index, task] of scenario.tasks.entries()) {
        const result = await runModule(connection, task.module, withDir(task.args, dir), { check: task.check, diff: scenario.diff, vars: scenario.vars })
        const [d, a] = comparable(placeholders(cleanResult(result), dir), recorded.results[index]!)
        assert.deepEqual(d, a, `task ${index}: ${task.module} ${JSON.stringify(task.args)}`)
      }
      assert.deepEqual(withoutBackups(snapshot(dir)), withoutBackups(recorded.snapshot), 'end state')
      const backups = (snap: Snapshot) => Object.keys(snap).length - Object.keys(withoutBackups(snap)).length
      assert.equal(backups(snapshot(dir)), backups(recorded.snapshot), 'number of backup files')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
}
