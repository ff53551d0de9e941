/**
 * `npm run bench [-- --hosts N --tasks M --runs R --ansible-runs A]`: the converge playbook on N
 * harness hosts, first run (changes) and second run (unchanged), with drover and — when
 * ansible-playbook is on the machine — ansible-core (pipelining, ControlPersist, forks = hosts).
 * Prints medians: wall time, the ratio, controller CPU per host-task, peak RSS; and drover's
 * round trips per task, counted in one extra in-process run.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startHarness, type Harness } from '../test/harness/index.js'
import { writeConvergePlaybook } from './converge.js'
import { countRoundTrips } from './round-trips.js'

interface Measure {
  wall: number
  cpu: number
  rssMb: number
  exit: number
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function timed(command: string, args: string[], env: Record<string, string>, cwd: string): Measure {
  // GNU time reports the child's CPU and peak RSS, the same way for both tools.
  const started = performance.now()
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S %M', command, ...args], { env, cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  const wall = (performance.now() - started) / 1000
  const last = run.stderr.trim().split('\n').pop() ?? ''
  const [user, sys, rssKb] = last.split(' ').map(Number)
  if (run.status !== 0) process.stderr.write(`${command} exited ${run.status}\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}\n`)
  return { wall, cpu: (user ?? 0) + (sys ?? 0), rssMb: (rssKb ?? 0) / 1024, exit: run.status ?? -1 }
}

function clearScratch(harness: Harness): void {
  for (const host of harness.hosts) for (const entry of readdirSync(host.scratch)) rmSync(join(host.scratch, entry), { recursive: true, force: true })
}

function hasAnsible(): boolean {
  try {
    execFileSync('ansible-playbook', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const hosts = option('hosts', 20)
const tasks = option('tasks', 12)
const runs = option('runs', 3)
const ansibleRuns = option('ansible-runs', runs)
const main = join(dirname(fileURLToPath(import.meta.url)), '../src/cli/main.js')
const harness = await startHarness({ hosts })
try {
  const inventory = harness.writeInventory({ hosts: harness.hosts })
  const playbook = writeConvergePlaybook(mkdtempSync(join(tmpdir(), 'drover-bench-')), tasks)
  const cwd = dirname(playbook)
  const tools: Record<string, { first: Measure[]; second: Measure[] }> = {}
  const measure = (tool: string, repeats: number, command: string, args: string[], env: Record<string, string>) => {
    tools[tool] = { first: [], second: [] }
    for (let i = 0; i < repeats; i++) {
      clearScratch(harness)
      tools[tool]!.first.push(timed(command, args, env, cwd))
      tools[tool]!.second.push(timed(command, args, env, cwd))
      process.stderr.write(`${tool} ${i + 1}/${repeats}: ${tools[tool]!.first.at(-1)!.wall.toFixed(2)} s, ${tools[tool]!.second.at(-1)!.wall.toFixed(2)} s\n`)
    }
  }
  measure('drover', runs, process.execPath, [main, 'playbook', '-i', inventory, playbook, '-f', String(hosts)], { ...harness.env(), NO_COLOR: '1' })
  if (hasAnsible()) {
    measure('ansible-core', ansibleRuns, 'ansible-playbook', ['-i', inventory, playbook, '-f', String(hosts)], {
      ...harness.env(),
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_PIPELINING: '1',
      ANSIBLE_SSH_ARGS: '-C -o ControlMaster=auto -o ControlPersist=60s',
      ANSIBLE_SSH_EXTRA_ARGS: `-o UserKnownHostsFile=${harness.knownHosts}`,
      ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
    })
  }
  clearScratch(harness)
  const frames = await countRoundTrips(harness, inventory, playbook)
  const hostTasks = hosts * tasks
  console.log(`\nconverge: ${hosts} hosts x ${tasks} tasks; medians of ${runs} (drover)${tools['ansible-core'] ? ` and ${ansibleRuns} (ansible-core)` : ''}`)
  console.log('tool           run        wall s   CPU ms/host-task   peak RSS MB   exit')
  for (const [tool, m] of Object.entries(tools)) {
    for (const run of ['first', 'second'] as const) {
      const wall = median(m[run].map((x) => x.wall))
      const cpu = (median(m[run].map((x) => x.cpu)) * 1000) / hostTasks
      const rss = median(m[run].map((x) => x.rssMb))
      console.log(`${tool.padEnd(14)} ${run.padEnd(9)} ${wall.toFixed(2).padStart(7)}   ${cpu.toFixed(3).padStart(16)}   ${rss.toFixed(0).padStart(11)}   ${m[run].map((x) => x.exit).join(',')}`)
    }
  }
  const ansible = tools['ansible-core']
  if (ansible) {
    for (const run of ['first', 'second'] as const) {
      const ratio = median(ansible[run].map((x) => x.wall)) / median(tools.drover!.first.length ? tools.drover![run].map((x) => x.wall) : [1])
      console.log(`ratio ansible-core / drover, ${run} run: ${ratio.toFixed(1)}x`)
    }
  } else {
    console.log('ansible-playbook not found: install ansible-core (apt-get install -y ansible-core) for the comparison')
  }
  console.log(`drover round trips per host-task: first run ${frames.first.toFixed(2)} (max ${frames.firstMax}), unchanged run ${frames.second.toFixed(2)} (max ${frames.secondMax})`)
} finally {
  await harness.stop()
}
