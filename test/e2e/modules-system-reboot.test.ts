/**
 * reboot and wait_for_connection on disposable Debian hosts, whose init "reboots" by killing every
 * process, writing a new boot id to BOOT_ID_FILE and starting sshd again: the modules must notice
 * the dead connection, reconnect, and leave a working connection for the tasks after them.
 */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { BOOT_ID_FILE, debianHostsSkip, startDebianHosts, type DebianHosts } from '../harness/debian/index.js'
import { runDrover, type DroverRun } from './run-drover.js'

describe('reboot and wait_for_connection on Debian hosts', { skip: debianHostsSkip() }, () => {
  let d: DebianHosts
  let inventory: string

  const bootId = async (host: string) => (await d.exec(host, `cat ${BOOT_ID_FILE}`)).stdout.trim()
  const play = async (name: string, hosts: string, tasks: string[], extra: string[] = [], playLines: string[] = [], inv = inventory): Promise<DroverRun> => {
    const path = join(d.dir, `${name}.yml`)
    writeFileSync(path, [`- hosts: ${hosts}`, '  gather_facts: false', ...playLines.map((l) => `  ${l}`), '  tasks:', ...tasks.map((t) => `    ${t}`), ''].join('\n'))
    return runDrover(['playbook', '-i', inv, path, ...extra], { env: d.env(), timeoutMs: 180_000 })
  }

  before(async () => {
    d = await startDebianHosts({ hosts: 2 })
    inventory = d.writeInventory()
  })
  after(async () => {
    await d?.stop()
  })

  const rebootTasks = [
    `- command: cat ${BOOT_ID_FILE}`,
    '  register: before',
    `- reboot: { boot_time_command: "cat ${BOOT_ID_FILE}", reboot_timeout: 90 }`,
    '  register: rebooted',
    `- command: cat ${BOOT_ID_FILE}`,
    '  register: after',
    '- assert: { that: ["rebooted.rebooted", "rebooted is changed", "rebooted.elapsed is number", "before.stdout != after.stdout"] }',
  ]

  test('--check reports a reboot and does not reboot', async () => {
    const id = await bootId('deb1')
    const run = await play('reboot-check', 'deb1', ['- reboot: { boot_time_command: "cat /run/drover-boot-id" }', '  register: r', '- assert: { that: ["r.rebooted", "r is changed"] }'], ['--check'])
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal(await bootId('deb1'), id)
  })

  test('reboot waits for the new boot id, then later tasks run on a new connection', async () => {
    const id = await bootId('deb1')
    const run = await play('reboot', 'deb1', rebootTasks)
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.match(run.stdout, /deb1 +: ok=4 +changed=3 +unreachable=0 +failed=0/)
    assert.notEqual(await bootId('deb1'), id)
  })

  test('as deploy with become: the reboot and the tasks after it run as root on the new connection', async () => {
    const id = await bootId('deb2')
    const deploy = d.writeInventory({ user: 'deploy', file: 'deploy.ini' })
    const run = await play('reboot-become', 'deb2', [...rebootTasks, '- command: id -un', '  register: who', '- assert: { that: ["who.stdout == \'root\'"] }'], [], ['become: true'], deploy)
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.notEqual(await bootId('deb2'), id)
  })

  test('wait_for_connection after a reboot started outside drover; a host that stays down times out', async () => {
    const id = await bootId('deb1')
    const run = await play('wait', 'deb1', [
      '- command: /usr/sbin/reboot',
      '- wait_for_connection: { delay: 3, timeout: 60, sleep: 1 }',
      '  register: waited',
      `- command: cat ${BOOT_ID_FILE}`,
      '  register: after',
      `- assert: { that: ["waited.elapsed >= 3", "after.stdout != '${id}'"] }`,
    ])
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.notEqual(await bootId('deb1'), id)

    const down = await play('down', 'deb2', ['- command: /usr/sbin/poweroff', '- wait_for_connection: { delay: 2, timeout: 3, connect_timeout: 2 }'])
    assert.equal(down.code, 2, down.stdout + down.stderr)
    assert.match(down.stdout, /"msg": "timed out waiting for ping module test: [^"]+"/)
  })
})
