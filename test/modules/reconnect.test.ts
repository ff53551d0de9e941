/** reboot and wait_for_connection against scripted connections: retries, reconnects, bounded attempts, check mode. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { reboot, type RebootArgs } from '../../modules/reboot.js'
import { wait_for_connection, type WaitForConnectionArgs } from '../../modules/wait_for_connection.js'
import type { Connection, ExecResult } from '../../src/connection/types.js'
import { ConnectionError } from '../../src/errors.js'
import { HostLink, untilSuccess } from '../../src/module/reconnect.js'
import type { ModuleContext } from '../../src/module/types.js'
import { args } from './fixtures.js'

const ok = (stdout = ''): ExecResult => ({ rc: 0, stdout: Buffer.from(stdout), stderr: Buffer.alloc(0) })

/** A connection whose exec answers from `answer`; `transport` defaults to ssh. */
function fake(answer: (command: string) => Promise<ExecResult>, transport: 'ssh' | 'local' = 'ssh'): Connection & { commands: string[] } {
  const commands: string[] = []
  return { host: 'h', transport, roundTrips: 0, commands, exec: (c) => (commands.push(c), answer(c)), close: async () => {} }
}

const dead = () => fake(() => Promise.reject(new ConnectionError('h', 'Connection closed by remote host')))

test('untilSuccess: retries until an attempt works; gives up after the timeout with the last error', async () => {
  let calls = 0
  assert.deepEqual(await untilSuccess(async () => { if (++calls < 3) throw new Error('not yet') }, 5, () => 0), { ok: true })
  assert.equal(calls, 3)
  const failed = await untilSuccess(async () => { throw new Error('never') }, 0.2, () => 0.05)
  assert.equal(failed.ok, false)
  assert.equal(!failed.ok && (failed.error as Error).message, 'never')
})

test('HostLink: keeps a working connection, reconnects after a failure, and cuts a hanging command', async () => {
  const fresh = fake(async () => ok('new'))
  const timeouts: (number | undefined)[] = []
  const context: ModuleContext = { host: 'h', connection: dead(), check: false, diff: false, reconnect: async (o) => (timeouts.push(o?.timeoutSeconds), fresh) }
  const link = new HostLink(context, 3)
  await assert.rejects(link.exec('true', 1), ConnectionError)
  assert.equal((await link.exec('true', 1)).stdout.toString(), 'new')
  assert.equal((await link.exec('true', 1)).stdout.toString(), 'new')
  assert.deepEqual(timeouts, [3])
  const hanging: ModuleContext = { ...context, connection: fake(() => new Promise(() => {})) }
  await assert.rejects(new HostLink(hanging, 3).exec('true', 0.1), /no answer within 0.1 seconds/)
})

test('wait_for_connection: reconnects until the host answers; skipped in check mode', async () => {
  let attempts = 0
  const context: ModuleContext = {
    host: 'h', connection: dead(), check: false, diff: false,
    reconnect: async () => {
      if (++attempts < 3) throw new ConnectionError('h', 'connect ECONNREFUSED')
      return fake(async () => ok())
    },
  }
  const a = args<WaitForConnectionArgs>('wait_for_connection', { sleep: 0, timeout: 10 })
  assert.deepEqual(await wait_for_connection.run(a, context), { changed: false, elapsed: 0 })
  assert.equal(attempts, 3)
  assert.deepEqual(await wait_for_connection.run(a, { ...context, check: true }), { skipped: true })
  const never = await wait_for_connection.run(args<WaitForConnectionArgs>('wait_for_connection', { sleep: 0, timeout: 1 }), { ...context, reconnect: async () => { throw new ConnectionError('h', 'connect ECONNREFUSED') } })
  assert.deepEqual([never.failed, never.msg], [true, 'timed out waiting for ping module test: connect ECONNREFUSED'])
})

test('reboot: waits for a new boot id on a new connection, then runs test_command; refuses local; check mode', async () => {
  let booted = false
  const before = fake(async (c) => {
    if (c.includes('shutdown')) {
      booted = true
      throw new ConnectionError('h', 'Connection closed by remote host')
    }
    return ok('id-1\n')
  })
  const after = fake(async (c) => ok(c === 'whoami' ? 'root\n' : booted ? 'id-2\n' : 'id-1\n'))
  const context: ModuleContext = { host: 'h', connection: before, check: false, diff: false, reconnect: async () => after }
  const a = args<RebootArgs>('reboot', { search_paths: ['/sbin'] })
  assert.deepEqual(await reboot.run(a, context), { changed: true, rebooted: true, elapsed: 0 })
  assert.match(before.commands[1]!, /"\$drover_bin" -r 0 'Reboot initiated by Ansible'/)
  assert.deepEqual(after.commands, ['cat /proc/sys/kernel/random/boot_id', 'whoami'])
  assert.deepEqual(await reboot.run(a, { ...context, check: true }), { changed: true, elapsed: 0, rebooted: true })
  const local = await reboot.run(a, { ...context, connection: fake(async () => ok(), 'local') })
  assert.equal(local.msg, 'Running reboot with local connection would reboot the control node.')
  const stuck = await reboot.run(args<RebootArgs>('reboot', { reboot_timeout: 1 }), { ...context, connection: fake(async () => ok('same\n')), reconnect: async () => fake(async () => ok('same\n')) })
  assert.deepEqual([stuck.failed, stuck.rebooted, stuck.msg], [true, true, 'Timed out waiting for last boot time check (timeout=1)'])
})
