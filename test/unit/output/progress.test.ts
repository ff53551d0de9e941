import assert from 'node:assert/strict'
import { test } from 'node:test'
import { belowStatus, ProgressReporter, StatusLine, type ProgressTimer } from '../../../src/output/progress.js'

function fakeTimer(): ProgressTimer & { advance(ms: number): void; running(): boolean } {
  let now = 0
  let tick: (() => void) | undefined
  return {
    now: () => now,
    every(_ms, fn) {
      tick = fn
      return () => void (tick = undefined)
    },
    advance(ms) {
      now += ms
      tick?.()
    },
    running: () => tick !== undefined,
  }
}

test('a task running over 2 s shows the hosts it waits on; the line is erased before results print', () => {
  const written: string[] = []
  const out = { write: (text: string) => void written.push(text), columns: 80 }
  const status = new StatusLine(out)
  const timer = fakeTimer()
  const progress = new ProgressReporter(status, 2000, timer)
  const text = belowStatus(out, status)
  const task = { name: 'slow', action: 'command' }
  progress.handle({ type: 'play_start', name: 'p', pattern: 'all', hosts: ['h1', 'h2', 'h3'] })
  progress.handle({ type: 'task_start', task })
  timer.advance(1500)
  assert.deepEqual(written, [], 'nothing before 2 s')
  progress.handle({ type: 'host_result', host: 'h1', task, status: 'ok', result: {}, ignored: false })
  text.write('ok: [h1]\n')
  timer.advance(1000)
  assert.equal(written.at(-1), '\r\u001b[Kwaiting on h2, h3 (2s)')
  text.write('ok: [h2]\n')
  assert.deepEqual(written.slice(-2), ['\r\u001b[K', 'ok: [h2]\n'], 'erased, then the result')
  progress.handle({ type: 'host_result', host: 'h2', task, status: 'failed', result: {}, ignored: false })
  progress.handle({ type: 'host_result', host: 'h3', task, status: 'ok', result: {}, ignored: false })
  progress.handle({ type: 'task_start', task })
  timer.advance(3000)
  assert.equal(written.at(-1), '\r\u001b[Kwaiting on h1, h3 (3s)', 'a failed host is no longer waited on')
  progress.handle({ type: 'recap', stats: {} })
  assert.equal(written.at(-1), '\r\u001b[K')
  assert.equal(timer.running(), false)
})
