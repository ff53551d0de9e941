/** A small run as the executor reports it: ok, changed, a loop, a skip, a failure, no_log, unreachable. */
import type { RunEvent, TaskRef } from '../../../src/output/events.js'

export const SECRET = 'hunter2-s3cret'

const task = (name: string, line: number, action = 'command'): TaskRef => ({ name, action, file: '/repo/site.yml', line })

export function sampleEvents(): RunEvent[] {
  const echo = task('echo', 5)
  const loop = task('loop <&>', 8)
  const secret = task('secret', 12)
  const fail = task('fail', 15)
  const stats = { ok: 3, changed: 2, unreachable: 0, failed: 1, skipped: 0, rescued: 0, ignored: 0 }
  return [
    { type: 'playbook_start', file: '/repo/site.yml' },
    { type: 'play_start', name: 'web', pattern: 'all', hosts: ['h1', 'h2'] },
    { type: 'task_start', task: echo },
    { type: 'host_result', host: 'h1', task: echo, status: 'changed', result: { changed: true, rc: 0, stdout: 'hi', _ansible_no_log: false }, ignored: false },
    { type: 'host_result', host: 'h2', task: echo, status: 'unreachable', result: { unreachable: true, changed: false, msg: 'Failed to connect to the host via ssh: refused' }, ignored: false },
    { type: 'task_start', task: loop },
    { type: 'item_result', host: 'h1', task: loop, status: 'ok', result: { changed: false, item: 'a' }, label: 'a', noLog: false },
    { type: 'host_result', host: 'h1', task: loop, status: 'ok', result: { changed: false, results: [{ item: 'a' }] }, ignored: false, loop: true },
    { type: 'task_start', task: secret },
    { type: 'item_result', host: 'h1', task: secret, status: 'changed', result: { changed: true, stdout: SECRET, item: SECRET }, label: SECRET, noLog: true },
    { type: 'host_result', host: 'h1', task: secret, status: 'changed', result: { changed: true, stdout: SECRET, cmd: `echo ${SECRET}` }, ignored: false, noLog: true },
    { type: 'task_start', task: fail },
    { type: 'host_result', host: 'h1', task: fail, status: 'failed', result: { failed: true, changed: false, msg: 'boom\nwith "quotes", 100% <bad>' }, ignored: false },
    { type: 'warning', message: 'careful' },
    { type: 'recap', stats: { h1: stats, h2: { ...stats, ok: 0, changed: 0, failed: 0, unreachable: 1 } } },
  ]
}
