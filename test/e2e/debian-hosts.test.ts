import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, test } from 'node:test'
import { BOOT_ID_FILE, debianHostsSkip, startDebianHosts, type DebianHosts } from '../harness/debian/index.js'
import { isRunning, processesMatching } from '../harness/processes.js'
import { runDrover } from './run-drover.js'

/** Mount points anywhere on the controller's mount table that mention `text`. */
function controllerMounts(text: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(text))
}

describe('disposable Debian hosts', { skip: debianHostsSkip() }, () => {
  let d: DebianHosts

  before(async () => {
    d = await startDebianHosts({ hosts: 2 })
    process.stderr.write(`debian-hosts: 2 hosts started in ${d.startMs} ms (${d.mode})\n`)
  })
  after(async () => {
    await d?.stop()
  })

  test('drover run pings both hosts as root', async () => {
    const run = await runDrover(['run', 'all', '-i', d.writeInventory(), '-m', 'ping'], { env: d.env() })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    for (const h of d.hosts) assert.match(run.stdout, new RegExp(`^${h.name} \\| SUCCESS => \\{[^}]*"ping": "pong"`, 'ms'))
    const who = await runDrover(['run', 'all', '-i', d.writeInventory(), '-a', 'id -un'], { env: d.env() })
    assert.equal(who.stdout.match(/\| CHANGED \| rc=0 >>\nroot$/gm)?.length, 2, who.stdout)
  })

  test('a playbook runs on both; deploy logs in and becomes root with sudo', async () => {
    const playbook = join(d.dir, 'ping.yml')
    writeFileSync(playbook, [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - ping:',
      '    - command: id -un',
      '      become: true',
      '      register: who',
      '    - assert: { that: [who.stdout == "root"] }',
      '',
    ].join('\n'))
    const run = await runDrover(['playbook', '-i', d.writeInventory({ user: 'deploy', file: 'deploy.ini' }), playbook], { env: d.env() })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    for (const h of d.hosts) assert.match(run.stdout, new RegExp(`^${h.name}\\s+: ok=3\\s+changed=1\\s+unreachable=0\\s+failed=0`, 'm'))
  })

  test('filesystems are separate: a file written on deb1 is not on deb2 nor on the controller', async () => {
    const path = `/etc/drover-marker-${process.pid}`
    const run = await runDrover(['run', 'deb1', '-i', d.writeInventory(), '-m', 'shell', '-a', `echo deb1 > ${path}`], { env: d.env() })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal((await d.exec('deb1', `cat ${path}`)).stdout, 'deb1\n')
    assert.equal((await d.exec('deb2', `test -e ${path}`)).code, 1)
    assert.equal(existsSync(path), false)
    // `root` is the host's / seen from the controller.
    assert.equal(readFileSync(join(d.hosts[0]!.root, path), 'utf8'), 'deb1\n')
    assert.equal(existsSync(join(d.hosts[1]!.root, path)), false)
  })

  test('hostname changed inside one host changes neither the other nor the controller', async () => {
    const before = hostname()
    assert.equal((await d.exec('deb1', 'hostname')).stdout, 'deb1\n')
    const run = await runDrover(['run', 'deb1', '-i', d.writeInventory(), '-a', 'hostname renamed-deb1'], { env: d.env() })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal((await d.exec('deb1', 'hostname')).stdout, 'renamed-deb1\n')
    assert.equal((await d.exec('deb2', 'hostname')).stdout, 'deb2\n')
    assert.equal(hostname(), before)
  })

  test('each host has its own PID namespace: its init is PID 1 and the controller is invisible', async () => {
    const ps = await d.exec('deb2', 'cat /proc/1/cmdline | tr "\\0" " "; echo; ls /proc | grep -c "^[0-9]"')
    const [cmdline, count] = ps.stdout.split('\n')
    assert.match(cmdline!, /drover-init/)
    assert.ok(Number(count) < 20, `a fresh host runs a handful of processes, saw ${count}`)
  })

  test(`reboot: the connection drops, sshd comes back and ${BOOT_ID_FILE} changes`, async () => {
    const bootId = (await d.exec('deb2', `cat ${BOOT_ID_FILE}`)).stdout
    assert.match(bootId, /^[0-9a-f-]{36}\n$/)
    const run = await runDrover(['run', 'deb2', '-i', d.writeInventory(), '-a', 'shutdown -r now'], { env: d.env() })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    let after = bootId
    for (let i = 0; i < 100 && after === bootId; i++) {
      await sleep(100)
      after = (await d.exec('deb2', `cat ${BOOT_ID_FILE} 2>/dev/null`)).stdout
    }
    assert.notEqual(after, bootId)
    let ping = await runDrover(['run', 'deb2', '-i', d.writeInventory(), '-m', 'ping'], { env: d.env() })
    for (let i = 0; i < 20 && ping.code !== 0; i++) {
      await sleep(250)
      ping = await runDrover(['run', 'deb2', '-i', d.writeInventory(), '-m', 'ping'], { env: d.env() })
    }
    assert.equal(ping.code, 0, ping.stdout + ping.stderr)
  })

  test('stop() leaves no processes, mounts or dirs behind, and is idempotent', async () => {
    const other = await startDebianHosts({ hosts: 1 })
    const init = other.initPid('deb1')
    assert.ok(isRunning(init))
    assert.equal((await other.exec('deb1', 'true')).code, 0)
    await Promise.all([other.stop(), other.stop()])
    assert.equal(isRunning(init), false)
    assert.deepEqual(processesMatching(`${other.dir}/`), [])
    assert.deepEqual(controllerMounts(other.dir), [])
    assert.equal(existsSync(other.dir), false)
    await other.stop()
  })
})
