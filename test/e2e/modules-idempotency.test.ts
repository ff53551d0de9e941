/**
 * Acceptance: one playbook using every module, run twice against a disposable Debian host; the
 * second run reports changed=0. Each module's tasks are a fragment, test/e2e/idempotency/<module>.yml
 * (a YAML list of tasks; files they use are in idempotency/files/). A module in modules/index.ts
 * with neither a fragment nor an entry in EXEMPT fails this test: add one when adding a module.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parse, stringify } from 'yaml'
import { BUILTIN_MODULES } from '../../modules/index.js'
import { DEBIAN_PACKAGES, debianHostsSkip, startDebianHosts, type DebianHosts } from '../harness/debian/index.js'
import { runDrover } from './run-drover.js'

const FRAGMENTS = join(process.cwd(), 'test/e2e/idempotency')

/** Modules without a fragment, and why running them twice says nothing about idempotency here. */
const EXEMPT: Record<string, string> = {
  fail: 'always fails, by design',
  reboot: 'always reports changed, as in Ansible (covered by modules-system-reboot.test.ts)',
  tempfile: 'makes a new file on every run and reports changed, as in Ansible',
  cli_command: 'network devices only (ansible_connection: network_cli)',
  cli_config: 'network devices only (ansible_connection: network_cli)',
  network_facts: 'network devices only (ansible_connection: network_cli)',
  ios_facts: 'network devices only (ansible_connection: network_cli)',
  eos_facts: 'network devices only (ansible_connection: network_cli)',
  junos_facts: 'network devices only (ansible_connection: network_cli)',
  add_host: "changes the run's in-memory inventory, which starts empty every run: always changed, as in Ansible",
  group_by: "changes the run's in-memory inventory, which starts empty every run: always changed, as in Ansible",
}

/** Fragments whose module runs a tool the hosts only have once it is in DEBIAN_PACKAGES. */
const NEEDS: Record<string, string> = { get_url: 'curl', uri: 'curl', git: 'git' }

/** Fragments that need systemd as PID 1: they run on their own host (`startDebianHosts({ systemd: true })`). */
const SYSTEMD_FRAGMENTS = ['systemd']

/** Fragments that others depend on run first, in this order; the rest alphabetically. */
const FIRST = ['file', 'copy', 'lineinfile', 'group', 'set_fact', 'include_vars']

function fragmentNames(): string[] {
  const names = readdirSync(FRAGMENTS).filter((f) => f.endsWith('.yml')).map((f) => f.slice(0, -4)).filter((n) => !SYSTEMD_FRAGMENTS.includes(n))
  const usable = names.filter((n) => NEEDS[n] === undefined || DEBIAN_PACKAGES.includes(NEEDS[n]!))
  return [...FIRST.filter((n) => usable.includes(n)), ...usable.filter((n) => !FIRST.includes(n)).sort()]
}

function recap(stdout: string, host: string): Record<string, number> {
  const line = new RegExp(`^${host}\\s+:(.*)$`, 'm').exec(stdout)?.[1] ?? ''
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]))
}

/** Tasks reported changed, from drover's --output json events. */
function changedTasks(stdout: string): string[] {
  return stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; status?: string; task?: { name: string; line?: number } })
    .filter((e) => e.type === 'host_result' && e.status === 'changed').map((e) => `${e.task!.name} (line ${e.task!.line})`)
}

test('idempotency: every module has a fragment or a reason to be exempt', () => {
  const fragments = new Set(readdirSync(FRAGMENTS).filter((f) => f.endsWith('.yml')).map((f) => f.slice(0, -4)))
  const missing = BUILTIN_MODULES.map((m) => m.name).filter((name) => !fragments.has(name) && EXEMPT[name] === undefined)
  assert.deepEqual(missing, [], `add test/e2e/idempotency/<module>.yml (or an EXEMPT reason) for: ${missing.join(', ')}`)
  const unknown = [...fragments].filter((name) => !BUILTIN_MODULES.some((m) => m.name === name))
  assert.deepEqual(unknown, [], 'fragments for modules that do not exist')
})

describe('idempotency on a Debian host', { skip: debianHostsSkip() }, () => {
  let d: DebianHosts
  let server: Server
  let playbook: string
  let inventory: string

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/hello.txt') res.end('hello from the controller\n')
      else res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    d = await startDebianHosts({ hosts: 1 })
    const dir = join(d.dir, 'idempotency')
    cpSync(FRAGMENTS, dir, { recursive: true })
    const tree = join(dir, 'archive-tree')
    mkdirSync(join(tree, 'unpacked'), { recursive: true })
    writeFileSync(join(tree, 'unpacked', 'a.txt'), 'from the archive\n')
    execFileSync('tar', ['-czf', join(dir, 'files', 'archive.tar.gz'), '-C', tree, 'unpacked'])
    const tasks = fragmentNames().flatMap((name) => parse(readFileSync(join(dir, `${name}.yml`), 'utf8')) as unknown[])
    playbook = join(dir, 'site.yml')
    writeFileSync(playbook, stringify([{ hosts: 'all', gather_facts: false, vars: { http_port: (server.address() as { port: number }).port }, tasks }]))
    inventory = d.writeInventory()
  })
  after(async () => {
    await d?.stop()
    server?.close()
  })

  test('the playbook applies on the first run and changes nothing on the second', async () => {
    const first = await runDrover(['playbook', '-i', inventory, playbook], { env: d.env(), cwd: join(d.dir, 'idempotency'), timeoutMs: 300_000 })
    assert.equal(first.code, 0, first.stdout + first.stderr)
    assert.ok(recap(first.stdout, 'deb1').changed! > 10, first.stdout)
    assert.ok(existsSync(join(d.dir, 'idempotency', 'fetched', 'deb1', 'srv', 'idem', 'copied.txt')))
    const second = await runDrover(['playbook', '--output', 'json', '-i', inventory, playbook], { env: d.env(), cwd: join(d.dir, 'idempotency'), timeoutMs: 300_000 })
    assert.equal(second.code, 0, second.stdout + second.stderr)
    assert.deepEqual(changedTasks(second.stdout), [], 'tasks that changed on the second run')
    const third = await runDrover(['playbook', '-i', inventory, playbook], { env: d.env(), cwd: join(d.dir, 'idempotency'), timeoutMs: 300_000 })
    assert.equal(recap(third.stdout, 'deb1').changed, 0, third.stdout)
    assert.equal(recap(third.stdout, 'deb1').failed, 0, third.stdout)
  })
})

describe('idempotency on a Debian host running systemd', { skip: debianHostsSkip({ systemd: true }) }, () => {
  let d: DebianHosts
  let playbook: string
  let inventory: string

  before(async () => {
    d = await startDebianHosts({ hosts: 1, systemd: true })
    const tasks = SYSTEMD_FRAGMENTS.flatMap((name) => parse(readFileSync(join(FRAGMENTS, `${name}.yml`), 'utf8')) as unknown[])
    playbook = join(d.dir, 'site.yml')
    writeFileSync(playbook, stringify([{ hosts: 'all', gather_facts: false, tasks }]))
    inventory = d.writeInventory()
  })
  after(async () => {
    await d?.stop()
  })

  test('the systemd fragments apply on the first run and change nothing on the second', async () => {
    const first = await runDrover(['playbook', '-i', inventory, playbook], { env: d.env(), timeoutMs: 120_000 })
    assert.equal(first.code, 0, first.stdout + first.stderr)
    assert.equal(recap(first.stdout, 'deb1').changed, 4, first.stdout)
    const second = await runDrover(['playbook', '--output', 'json', '-i', inventory, playbook], { env: d.env(), timeoutMs: 120_000 })
    assert.equal(second.code, 0, second.stdout + second.stderr)
    assert.deepEqual(changedTasks(second.stdout), [], 'tasks that changed on the second run')
    const state = await d.exec('deb1', 'for u in drover-idem drover-demo drover-sysv; do echo $u $(systemctl is-active $u) $(systemctl is-enabled $u 2>/dev/null); done')
    assert.equal(state.stdout, 'drover-idem active enabled\ndrover-demo inactive masked\ndrover-sysv active enabled\n')
  })
})
