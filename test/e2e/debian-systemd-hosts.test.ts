/**
 * The systemd host kind of test/harness/debian (`startDebianHosts({ systemd: true })`): systemd
 * boots as PID 1, sshd serves as its unit, the controller's kernel settings and filesystem stay out
 * of reach, and teardown leaves no process, mount, cgroup or dir behind, also when the test process
 * that started the host was killed.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { debianHostsSkip, startDebianHosts, type DebianHosts } from '../harness/debian/index.js'
import { runCgroup } from '../harness/debian/systemd.js'
import { isRunning, processesMatching } from '../harness/processes.js'
import { runDrover } from './run-drover.js'

function controllerMounts(text: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(text))
}

/** Nothing of run dir `dir` is left on the controller. */
function assertGone(dir: string, init: number): void {
  assert.equal(isRunning(init), false, 'the host\'s systemd still runs')
  assert.deepEqual(processesMatching(`${dir}/`), [])
  assert.deepEqual(controllerMounts(dir), [])
  assert.equal(existsSync(runCgroup(dir)!), false, 'the host\'s cgroup is still there')
  assert.equal(existsSync(dir), false)
}

describe('disposable Debian hosts running systemd', { skip: debianHostsSkip({ systemd: true }) }, () => {
  let d: DebianHosts

  before(async () => {
    d = await startDebianHosts({ hosts: 1, systemd: true })
    process.stderr.write(`debian-hosts: systemd host started in ${d.startMs} ms (${d.mode})\n`)
  })
  after(async () => {
    await d?.stop()
  })

  test('systemd is PID 1 and reaches running; drover logs in through the ssh unit', async () => {
    assert.equal(d.systemd, true)
    assert.equal(d.hosts[0]!.address, '127.0.1.241')
    const state = await d.exec('deb1', 'cat /proc/1/comm; systemctl is-system-running --wait; systemctl is-active ssh; systemctl --failed --no-legend')
    assert.equal(state.stdout, 'systemd\nrunning\nactive\n', state.stdout + state.stderr)
    const run = await runDrover(['run', 'deb1', '-i', d.writeInventory(), '-a', 'cat /proc/1/comm'], { env: d.env() })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.match(run.stdout, /^deb1 \| CHANGED \| rc=0 >>\nsystemd$/m)
  })

  test('the controller stays out of reach: kernel tunables read-only, own cgroup tree, own root', async () => {
    const r = await d.exec('deb1', "echo 1 >/proc/sys/kernel/sysrq 2>/dev/null && echo writable || echo read-only; stat -f -c %T /sys/fs/cgroup; grep '^0::' /proc/1/cgroup; test -e /run/drover-oldroot && echo oldroot || echo no-oldroot")
    assert.equal(r.stdout, 'read-only\ncgroup2fs\n0::/init.scope\nno-oldroot\n', r.stdout + r.stderr)
    assert.equal(existsSync(`${runCgroup(d.dir)}/deb1/init.scope`), true)
  })

  test('stop() leaves no processes, mounts, cgroups or dirs, and is idempotent', async () => {
    const other = await startDebianHosts({ hosts: 1, systemd: true })
    const init = other.initPid('deb1')
    assert.equal((await other.exec('deb1', 'systemctl start drover-demo && systemctl is-active drover-demo')).stdout, 'active\n')
    await Promise.all([other.stop(), other.stop()])
    assertGone(other.dir, init)
    await other.stop()
  })

  test('a host whose test process was SIGKILLed is reaped by the next start', async () => {
    const script = `
      const { startDebianHosts } = await import(${JSON.stringify(new URL('../harness/debian/index.js', import.meta.url).href)})
      const d = await startDebianHosts({ hosts: 1, systemd: true })
      console.log(JSON.stringify({ dir: d.dir, init: d.initPid('deb1') }))
      process.kill(process.pid, 'SIGKILL')`
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
    await new Promise((resolve) => child.on('exit', resolve))
    const orphan = JSON.parse(out) as { dir: string; init: number }
    assert.equal(isRunning(orphan.init), true, 'the orphaned host runs until someone reaps it')
    const next = await startDebianHosts({ hosts: 1, systemd: true })
    try {
      assertGone(orphan.dir, orphan.init)
    } finally {
      await next.stop()
    }
  })
})
