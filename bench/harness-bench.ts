/**
 * `npm run bench [-- --hosts N --tasks M --runs R --ansible-runs A --marginal-tasks K]` (A = 0: drover only): the
 * converge playbook on N harness hosts, first run (changes) and second run (unchanged), with drover and — when
 * ansible-playbook is on the machine — ansible-core (pipelining, ControlPersist, forks = hosts),
 * the tools taking turns. Every first run starts with no connection open: ansible-core's
 * ControlPersist masters, still alive from its previous turn, are closed before it.
 * Prints medians: wall time, the ratio, controller CPU per host-task, peak RSS; and drover's
 * round trips per task, counted in one extra in-process run.
 *
 * drover's controller CPU on the unchanged run is also split into its parts: start-up (median CPU of
 * `--syntax-check` of the same playbook: starting Node, loading drover, the inventory and the
 * playbook, reaching no host), the marginal CPU per host-task (the unchanged converge playbook with K
 * tasks, default 4 × M, less the M-task unchanged run just before it, over the extra host-tasks; the
 * median of R such pairs; K = 0: not measured) and, what remains, the cost per host of connecting
 * (ssh handshake, authentication, opening the shell) and closing; it includes loading ssh2 (~80 ms
 * once per run), which --syntax-check never does.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startHarness, type Harness } from '../test/harness/index.js'
import { writeConvergePlaybook } from './converge.js'
import { median, option, timed, type Measure } from './measure.js'
import { countRoundTrips } from './round-trips.js'
import { hostCpuMeter } from './host-cpu.js'

interface Run extends Measure {
  /** CPU seconds the hosts spent during the run (NaN: not measurable here). */
  hostCpu: number
}

function clearScratch(harness: Harness): void {
  for (const host of harness.hosts) for (const entry of readdirSync(host.scratch)) rmSync(join(host.scratch, entry), { recursive: true, force: true })
}

/**
 * Asks each of ansible-core's ControlPersist masters (their sockets in ~/.ansible/cp, the default
 * control_path_dir) to exit, so that its next run logs in to every host as drover's runs always do.
 */
function closeControlMasters(home: string): void {
  const dir = join(home, '.ansible', 'cp')
  if (!existsSync(dir)) return
  for (const socket of readdirSync(dir)) spawnSync('ssh', ['-o', `ControlPath=${join(dir, socket)}`, '-O', 'exit', 'master'], { stdio: 'ignore' })
}

function hasAnsible(): boolean {
  try {
    execFileSync('ansible-playbook', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const number = (name: string, fallback: number) => Number(option(name, String(fallback)))
const hosts = number('hosts', 20)
const tasks = number('tasks', 12)
const runs = number('runs', 3)
const ansibleRuns = number('ansible-runs', runs)
const marginalTasks = number('marginal-tasks', tasks * 4)
const main = join(dirname(fileURLToPath(import.meta.url)), '../src/cli/main.js')
const harness = await startHarness({ hosts })
const hostCpu = hostCpuMeter(harness.dir)
try {
  const inventory = harness.writeInventory({ hosts: harness.hosts })
  const playbook = writeConvergePlaybook(mkdtempSync(join(tmpdir(), 'drover-bench-')), tasks)
  const cwd = dirname(playbook)
  const tools: Record<string, { first: Run[]; second: Run[] }> = {}
  // Sessions close as the tool exits: let the hosts finish that work before reading their CPU or
  // starting another run, which would otherwise pay for it (after every run, measured or not).
  const settle = () => spawnSync('sleep', ['0.5'])
  const run = (command: string, args: string[], env: Record<string, string>): Run => {
    const before = hostCpu.seconds() ?? NaN
    const measured = timed(command, args, env, cwd)
    settle()
    return { ...measured, hostCpu: (hostCpu.seconds() ?? NaN) - before }
  }
  // One repeat of a tool: a first run on clean hosts with no connection open, then the same
  // playbook unchanged.
  const pair = (tool: string, i: number, repeats: number, command: string, args: string[], env: Record<string, string>) => {
    const runsOf = (tools[tool] ??= { first: [], second: [] })
    clearScratch(harness)
    closeControlMasters(harness.home)
    settle()
    runsOf.first.push(run(command, args, env))
    runsOf.second.push(run(command, args, env))
    process.stderr.write(`${tool} ${i + 1}/${repeats}: ${runsOf.first.at(-1)!.wall.toFixed(2)} s, ${runsOf.second.at(-1)!.wall.toFixed(2)} s\n`)
  }
  const droverArgs = [main, 'playbook', '-i', inventory, playbook, '-f', String(hosts)]
  const droverEnv = { ...harness.env(), NO_COLOR: '1' }
  // Right after each unchanged run, so that a machine whose load drifts skews the parts alike:
  // drover's fixed cost (starting, loading the inventory and the playbook, reaching no host), and
  // the same converge tasks repeated to K (with a suffix: their own directories), converged once
  // and then run unchanged. Its extra CPU over the M-task unchanged run, over the extra
  // host-tasks, is the marginal cost of an unchanged host-task.
  const startups: number[] = []
  const marginals: number[] = []
  const big = marginalTasks > tasks ? writeConvergePlaybook(mkdtempSync(join(tmpdir(), 'drover-bench-')), marginalTasks) : undefined
  const bigArgs = big ? [main, 'playbook', '-i', inventory, big, '-f', String(hosts)] : []
  const droverParts = () => {
    startups.push(timed(process.execPath, [...droverArgs, '--syntax-check'], droverEnv, cwd).cpu)
    if (!big) return
    timed(process.execPath, bigArgs, droverEnv, dirname(big))
    settle()
    const unchanged = timed(process.execPath, bigArgs, droverEnv, dirname(big)).cpu
    settle()
    marginals.push((unchanged - tools.drover!.second.at(-1)!.cpu) / (hosts * (marginalTasks - tasks)))
    process.stderr.write(`drover ${marginalTasks} tasks unchanged: ${unchanged.toFixed(2)} s CPU\n`)
  }
  const withAnsible = ansibleRuns > 0 && hasAnsible()
  const ansibleArgs = ['-i', inventory, playbook, '-f', String(hosts)]
  const ansibleEnv = {
    ...harness.env(),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_PIPELINING: '1',
    ANSIBLE_SSH_ARGS: '-C -o ControlMaster=auto -o ControlPersist=60s',
    ANSIBLE_SSH_EXTRA_ARGS: `-o UserKnownHostsFile=${harness.knownHosts}`,
    ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
  }
  // The tools take turns, one repeat each: the speed of a shared machine drifts by a fifth within
  // minutes, and taking turns moves both tools' figures alike instead of moving their ratio.
  for (let i = 0; i < Math.max(runs, withAnsible ? ansibleRuns : 0); i++) {
    if (i < runs) {
      pair('drover', i, runs, process.execPath, droverArgs, droverEnv)
      droverParts()
    }
    if (withAnsible && i < ansibleRuns) pair('ansible-core', i, ansibleRuns, 'ansible-playbook', ansibleArgs, ansibleEnv)
  }
  const fixed = median(startups)
  const marginal = marginals.length ? median(marginals) : undefined
  clearScratch(harness)
  const frames = await countRoundTrips(harness, inventory, playbook)
  const hostTasks = hosts * tasks
  const perHostTask = (seconds: number) => ((seconds * 1000) / hostTasks).toFixed(3)
  console.log(`\nconverge: ${hosts} hosts x ${tasks} tasks; medians of ${runs} (drover)${tools['ansible-core'] ? ` and ${ansibleRuns} (ansible-core)` : ''}`)
  console.log('CPU columns are ms per host-task: the controller process tree, the same less its fixed start-up cost, and the hosts (sshd and everything under it)')
  console.log('tool           run        wall s   controller   less start-up   hosts   peak RSS MB   exit')
  for (const [tool, m] of Object.entries(tools)) {
    for (const which of ['first', 'second'] as const) {
      const wall = median(m[which].map((x) => x.wall))
      const cpu = median(m[which].map((x) => x.cpu))
      const less = tool === 'drover' ? perHostTask(cpu - fixed) : '-'
      const host = perHostTask(median(m[which].map((x) => x.hostCpu)))
      const rss = median(m[which].map((x) => x.rssMb))
      console.log(`${tool.padEnd(14)} ${which.padEnd(9)} ${wall.toFixed(2).padStart(7)}   ${perHostTask(cpu).padStart(10)}   ${less.padStart(13)}   ${host.padStart(5)}   ${rss.toFixed(0).padStart(11)}   ${m[which].map((x) => x.exit).join(',')}`)
    }
  }
  const unchangedCpu = median(tools.drover!.second.map((x) => x.cpu))
  const ms = (seconds: number, digits = 0) => (seconds * 1000).toFixed(digits)
  console.log(`drover controller CPU, unchanged run: ${perHostTask(unchangedCpu)} ms per host-task in all (${ms(unchangedCpu)} ms for ${hostTasks} host-tasks), of which`)
  console.log(`  start-up (--syntax-check):        ${ms(fixed).padStart(5)} ms`)
  if (marginal !== undefined) {
    const perHost = (unchangedCpu - fixed - marginal * hostTasks) / hosts
    console.log(`  per host (connecting, closing):   ${ms(perHost * hosts).padStart(5)} ms = ${ms(perHost, 1)} ms x ${hosts} hosts (the rest, with loading ssh2 once)`)
    console.log(`  per host-task (marginal):         ${ms(marginal * hostTasks).padStart(5)} ms = ${ms(marginal, 3)} ms x ${hostTasks} host-tasks`)
    console.log(`drover marginal controller CPU per unchanged host-task: ${ms(marginal, 3)} ms (${marginalTasks} tasks less ${tasks} on ${hosts} hosts, median of ${marginals.length} pairs)`)
  }
  const ansible = tools['ansible-core']
  if (ansible) {
    for (const which of ['first', 'second'] as const) {
      const ratio = median(ansible[which].map((x) => x.wall)) / median(tools.drover![which].map((x) => x.wall))
      console.log(`ratio ansible-core / drover, ${which} run: ${ratio.toFixed(1)}x`)
    }
  } else if (ansibleRuns === 0) {
    console.log('ansible-core: skipped (--ansible-runs 0)')
  } else {
    console.log('ansible-playbook not found: install ansible-core (apt-get install -y ansible-core) for the comparison')
  }
  console.log(`drover round trips per host-task: first run ${frames.first.toFixed(2)} (max ${frames.firstMax}), unchanged run ${frames.second.toFixed(2)} (max ${frames.secondMax})`)
} finally {
  await harness.stop()
  hostCpu.close()
}
