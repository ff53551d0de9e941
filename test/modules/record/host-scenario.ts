/**
 * Differential scenarios that change a system (users, groups): each runs on a fresh disposable
 * Debian host (test/harness/debian), by ansible-core once (record-host.ts, on a host with python3)
 * and by drover in every test run (test/modules/differential-host.test.ts). The end state compared
 * is what the scenario names: account database lines and paths.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import type { DebianHosts } from '../../harness/debian/index.js'
import { runDrover, type DroverRun } from '../../e2e/run-drover.js'
import { cleanResult } from './clean.js'
import type { ScenarioTask } from './scenario.js'

export interface HostScenario {
  name: string
  /** Shell run as root on the fresh host before the tasks (not through drover or ansible). */
  setup?: string
  tasks: ScenarioTask[]
  diff?: boolean
  /** What the end state is made of. */
  state: { users?: string[]; groups?: string[]; paths?: string[] }
}

export interface HostRecording {
  ansible: string
  scenarios: Record<string, { results: Record<string, unknown>[]; state: Record<string, string> }>
}

/** The scenario as a playbook for one host. Every task keeps going after a failure, as in record.ts. */
export function scenarioPlaybook(scenario: HostScenario): string {
  const play = {
    hosts: 'all',
    gather_facts: false,
    tasks: scenario.tasks.map((task, index) => ({ name: `t${index}`, [task.module]: task.args, ignore_errors: true, ...(task.check ? { check_mode: true } : {}) })),
  }
  return stringify([play])
}

/**
 * The end state: getent lines (shadow's "last changed" day blanked: it is the day of the run),
 * and each path's type, mode, owner and entries.
 */
export async function hostState(d: DebianHosts, host: string, state: HostScenario['state']): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const user of state.users ?? []) {
    out[`passwd ${user}`] = (await d.exec(host, `getent passwd -- '${user}'`)).stdout
    out[`shadow ${user}`] = (await d.exec(host, `getent shadow -- '${user}'`)).stdout.replace(/^([^:]*:[^:]*:)\d*:/, '$1DAY:')
  }
  for (const group of state.groups ?? []) out[`group ${group}`] = (await d.exec(host, `getent group -- '${group}'`)).stdout
  for (const path of state.paths ?? []) {
    out[`path ${path}`] = (await d.exec(host, `if [ -e '${path}' ]; then stat -c '%F %a %U:%G' '${path}'; [ -d '${path}' ] && ls -A '${path}'; else echo missing; fi`)).stdout
  }
  return out
}

/** Random parts of generated keys, so a fingerprint or public key compares by shape. */
export function normaliseKeys(result: Record<string, unknown>): Record<string, unknown> {
  const out = { ...result }
  if (typeof out.ssh_fingerprint === 'string') out.ssh_fingerprint = out.ssh_fingerprint.replace(/SHA256:[A-Za-z0-9+/=]+/, 'SHA256:@FP@')
  if (typeof out.ssh_public_key === 'string') out.ssh_public_key = out.ssh_public_key.replace(/^(\S+) \S+/, '$1 @KEY@')
  return out
}

function writeScenario(d: DebianHosts, scenario: HostScenario): string {
  const playbook = join(d.dir, 'scenario.yml')
  writeFileSync(playbook, scenarioPlaybook(scenario))
  return playbook
}

/** ansible-playbook's result of every task on deb1, in order, cleaned as recordings keep them. */
export function ansibleScenarioResults(d: DebianHosts, scenario: HostScenario): Record<string, unknown>[] {
  const playbook = writeScenario(d, scenario)
  const inventory = d.writeInventory({
    // OpenSSH takes ~ from the passwd entry, not $HOME: point it at the harness's known_hosts.
    vars: { ansible_python_interpreter: '/usr/bin/python3', ansible_ssh_common_args: `-o UserKnownHostsFile=${d.knownHosts}` },
  })
  const stdout = execFileSync('ansible-playbook', ['-i', inventory, playbook, ...(scenario.diff ? ['--diff'] : [])], {
    encoding: 'utf8',
    env: { ...d.env(), ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1', ANSIBLE_HOST_KEY_CHECKING: 'True' },
  })
  const run = JSON.parse(stdout) as { plays: { tasks: { hosts: Record<string, Record<string, unknown>> }[] }[] }
  return run.plays[0]!.tasks.map((task) => cleanResult(task.hosts.deb1!, {}))
}

/** drover's registered result of every task, in order, from its `--output json` events, cleaned the same way. */
export async function droverScenarioResults(d: DebianHosts, scenario: HostScenario, timeoutMs?: number): Promise<{ run: DroverRun; results: Record<string, unknown>[] }> {
  const playbook = writeScenario(d, scenario)
  const run = await runDrover(['playbook', '--output', 'json', '-i', d.writeInventory(), playbook, ...(scenario.diff ? ['--diff'] : [])], { env: d.env(), timeoutMs })
  const results = run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; result?: Record<string, unknown> })
    .filter((e) => e.type === 'host_result').map((e) => cleanResult(e.result!, {}))
  return { run, results }
}
