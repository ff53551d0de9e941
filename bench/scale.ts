/**
 * `node dist/bench/scale.js [--hosts 250,500,1000] [--tasks 10] [--runs 1] [--forks N] [--cpu-prof DIR]` (or
 * `npm run bench -- --sim …`): the converge playbook against simulated hosts (bench/simulator, a
 * separate process), to see how the controller's CPU and memory grow with hosts × tasks. For each
 * host count: a first run (changes) and an unchanged run; prints wall, controller CPU total and per
 * host-task, and peak RSS, then the growth of CPU from one host count to the next.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import ssh2 from 'ssh2'
import { writeConvergePlaybook } from './converge.js'
import { median, option, timed, type Measure } from './measure.js'

const here = dirname(fileURLToPath(import.meta.url))
const main = join(here, '../src/cli/main.js')
const hostCounts = option('hosts', '250,500,1000').split(',').map(Number)
const tasks = Number(option('tasks', '10'))
const runs = Number(option('runs', '1'))
const forksOption = option('forks', '')
/** `--cpu-prof DIR`: write a V8 CPU profile of each controller run there. */
const profileDir = option('cpu-prof', '')
const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []

interface Simulator {
  port: number
  hostKey: string
  /** Sends one control line and resolves with the simulator's JSON answer. */
  ask(line: string): Promise<Record<string, number>>
  stop(): void
}

async function startSimulator(root: string, clientPublicKey: string): Promise<Simulator> {
  const child = spawn(process.execPath, [join(here, 'simulator/main.js'), root, clientPublicKey], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const next = async () => {
    const line = await lines.next()
    if (line.done) throw new Error('the simulator exited')
    return JSON.parse(line.value) as Record<string, unknown>
  }
  const hello = await next()
  return {
    port: Number(hello.port),
    hostKey: String(hello.hostKey),
    ask: async (line) => {
      child.stdin.write(`${line}\n`)
      return (await next()) as Record<string, number>
    },
    stop: () => child.stdin.end(),
  }
}

const work = mkdtempSync(join(tmpdir(), 'drover-scale-'))
try {
  const home = join(work, 'home')
  const root = join(work, 'root')
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 })
  const clientKey = ssh2.utils.generateKeyPairSync('ed25519')
  const keyFile = join(home, '.ssh', 'id_ed25519')
  writeFileSync(keyFile, clientKey.private, { mode: 0o600 })
  writeFileSync(`${keyFile}.pub`, `${clientKey.public}\n`)
  const simulator = await startSimulator(root, `${keyFile}.pub`)
  writeFileSync(join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${simulator.port} ${simulator.hostKey}\n`)
  const playbook = writeConvergePlaybook(join(work, 'playbook'), tasks, { rootVar: 'sim_root', hostSpecific: false })
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', NO_COLOR: '1' }
  const rows: { hosts: number; run: string; m: Measure[] }[] = []
  for (const hosts of hostCounts) {
    const inventory = join(work, `hosts-${hosts}.ini`)
    const names = Array.from({ length: hosts }, (_, i) => `sim${i + 1}`)
    // One address for all: each host is its own connection to the simulator, named by inventory.
    const vars = [`ansible_host=127.0.0.1`, `ansible_port=${simulator.port}`, 'ansible_user=sim', `ansible_ssh_private_key_file=${keyFile}`, `sim_root=${root}`, 'ansible_timeout=120']
    writeFileSync(inventory, `${names.join('\n')}\n\n[all:vars]\n${vars.join('\n')}\n`)
    const forks = forksOption || String(hosts)
    const first: Measure[] = []
    const second: Measure[] = []
    for (let i = 0; i < runs; i++) {
      rmSync(root, { recursive: true, force: true })
      mkdirSync(root)
      for (const [into, label] of [[first, 'first'], [second, 'unchanged']] as const) {
        await simulator.ask('reset')
        into.push(timed(process.execPath, [...nodeArgs, main, 'playbook', '-i', inventory, playbook, '-f', forks], env, dirname(playbook)))
        const counts = await simulator.ask('stats')
        process.stderr.write(`${hosts} hosts, ${label} ${i + 1}/${runs}: ${into.at(-1)!.wall.toFixed(2)} s; simulator ${JSON.stringify(counts)}\n`)
      }
    }
    rows.push({ hosts, run: 'first', m: first }, { hosts, run: 'unchanged', m: second })
  }
  simulator.stop()
  console.log(`\nscale (simulated hosts): ${tasks} tasks, forks = ${forksOption || 'hosts'}, medians of ${runs}`)
  console.log('hosts   run          wall s   CPU s   CPU ms/host-task   peak RSS MB   exit')
  for (const { hosts, run, m } of rows) {
    const cpu = median(m.map((x) => x.cpu))
    console.log(
      `${String(hosts).padEnd(7)} ${run.padEnd(10)} ${median(m.map((x) => x.wall)).toFixed(2).padStart(8)} ${cpu.toFixed(2).padStart(7)}   ${((cpu * 1000) / (hosts * tasks)).toFixed(3).padStart(16)}   ${median(m.map((x) => x.rssMb)).toFixed(0).padStart(11)}   ${m.map((x) => x.exit).join(',')}`,
    )
  }
  for (const run of ['first', 'unchanged']) {
    const ofRun = rows.filter((r) => r.run === run)
    for (let i = 1; i < ofRun.length; i++) {
      const [a, b] = [ofRun[i - 1]!, ofRun[i]!]
      const growth = median(b.m.map((x) => x.cpu)) / median(a.m.map((x) => x.cpu))
      console.log(`${run}: ${a.hosts} -> ${b.hosts} hosts (x${(b.hosts / a.hosts).toFixed(1)}): controller CPU x${growth.toFixed(2)}`)
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
