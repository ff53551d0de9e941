/**
 * Records what ansible-core returns for the differential scenarios: each scenario runs as one
 * `connection: local` playbook in a fresh temp dir, with the json stdout callback. Run after a build:
 *   node dist/test/modules/record/record.js   (needs ansible-playbook 2.14 on PATH)
 * It rewrites test/modules/record/ansible-2.14.json (read by differential.test.ts). With arguments,
 * only the scenarios whose names start with one of them are recorded again; the others are kept.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SCENARIOS } from './scenarios.js'
import type { Recording } from './scenario.js'
import { placeholders, setUp, snapshot, withDir } from './snapshot.js'
import { cleanResult } from './clean.js'

function record(): Recording {
  const version = execFileSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).split('\n')[0]!
  const out: Recording = { ansible: version, scenarios: {} }
  const only = process.argv.slice(2)
  const file = join(process.cwd(), 'test/modules/record/ansible-2.14.json')
  if (only.length > 0) out.scenarios = (JSON.parse(readFileSync(file, 'utf8')) as Recording).scenarios
  for (const scenario of SCENARIOS) {
    if (only.length > 0 && !only.some((prefix) => scenario.name.startsWith(prefix))) continue
    const dir = mkdtempSync(join(tmpdir(), 'drover-rec-'))
    try {
      setUp(dir, scenario.setup)
      const play = {
        hosts: 'localhost',
        connection: 'local',
        gather_facts: false,
        vars: scenario.vars ?? {},
        tasks: scenario.tasks.map((task, index) => ({ name: `t${index}`, [task.module]: withDir(task.args, dir), ignore_errors: true, ...(task.check ? { check_mode: true } : {}) })),
      }
      const playbook = join(dir, '..', `${dir.split('/').pop()}.yml`)
      writeFileSync(playbook, JSON.stringify([play], null, 2))
      const args = ['-i', 'localhost,', playbook, ...(scenario.diff ? ['--diff'] : [])]
      const stdout = execFileSync('ansible-playbook', args, {
        encoding: 'utf8',
        env: { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_NOCOLOR: '1' },
      })
      rmSync(playbook)
      const run = JSON.parse(stdout) as { plays: { tasks: { hosts: Record<string, Record<string, unknown>> }[] }[] }
      const results = run.plays[0]!.tasks.map((task) => placeholders(cleanResult(task.hosts.localhost!), dir))
      out.scenarios[scenario.name] = { results, snapshot: snapshot(dir) }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return out
}

const recording = record()
writeFileSync(join(process.cwd(), 'test/modules/record/ansible-2.14.json'), JSON.stringify(recording, null, 2) + '\n')
console.log(`recorded ${Object.keys(recording.scenarios).length} scenarios with ${recording.ansible}`)
