import assert from 'node:assert/strict'
import { test } from 'node:test'
import { banner } from '../../../src/output/banner.js'
import { DefaultReporter } from '../../../src/output/default.js'
import { ReporterGroup, type TaskRef } from '../../../src/output/events.js'
import { JsonLinesReporter } from '../../../src/output/json-lines.js'
import { JUnitReporter } from '../../../src/output/junit.js'
import { ProgressReporter, StatusLine } from '../../../src/output/progress.js'
import { SummaryReporter } from '../../../src/output/summary.js'
import { makeColorize } from '../../../src/output/color.js'
import { pyJsonDumps } from '../../../src/output/pyjson.js'
import { recapLines } from '../../../src/output/recap.js'
import { dumpResult } from '../../../src/output/result-format.js'

test('json.dumps compact and indented shapes', () => {
  const value = { b: [1, 2], a: 'x', c: {}, d: [] }
  assert.equal(pyJsonDumps(value, { sortKeys: true }), '{"a": "x", "b": [1, 2], "c": {}, "d": []}')
  assert.equal(pyJsonDumps({ a: [1] }, { indent: 4 }), '{\n    "a": [\n        1\n    ]\n}')
  assert.equal(pyJsonDumps({ changed: false, ping: 'pong' }, { indent: 0 }).replace(/\n/g, ''), '{"changed": false,"ping": "pong"}')
})

test('results hide internal keys and verbosity-gated keys', () => {
  const result = { changed: true, _ansible_no_log: false, invocation: { module_args: {} }, diff: {}, exception: 'x', rc: 0 }
  assert.equal(dumpResult(result, 0), '{"changed": true, "rc": 0}')
  assert.match(dumpResult(result, 3), /"invocation"/)
})

test('banners are 80 columns when not on a terminal', () => {
  const line = banner('TASK [x]', undefined)
  assert.equal(line, '\nTASK [x] ' + '*'.repeat(71))
  assert.equal(line.length - 1, 80)
  assert.equal(banner('T'.repeat(100), undefined), '\n' + 'T'.repeat(100) + ' ***')
})

test('recap lines match Ansible column for column', () => {
  const stats = { web1: { ok: 6, changed: 3, unreachable: 0, failed: 0, skipped: 3, rescued: 0, ignored: 0 }, db01: { ok: 4, changed: 2, unreachable: 0, failed: 1, skipped: 3, rescued: 0, ignored: 0 } }
  assert.deepEqual(recapLines(stats, makeColorize(false)), [
    'db01                       : ok=4    changed=2    unreachable=0    failed=1    skipped=3    rescued=0    ignored=0   ',
    'web1                       : ok=6    changed=3    unreachable=0    failed=0    skipped=3    rescued=0    ignored=0   ',
  ])
  const coloured = recapLines({ h: stats.web1 }, makeColorize(true))[0]!
  assert.match(coloured, /^\u001b\[0;33mh\u001b\[0m {25} : \u001b\[0;32mok=6   \u001b\[0m/)
})

test('a result\'s warnings print once each as [WARNING] (stderr) and leave its JSON, as _handle_warnings does', () => {
  const out: string[] = []
  const warned: string[] = []
  const reporter = new DefaultReporter({ write: (t) => void out.push(t) }, { verbosity: 1, colorize: makeColorize(false), warn: (m) => void warned.push(m) })
  const task: TaskRef = { name: 'find', action: 'find' }
  const result = { changed: false, matched: 0, warnings: ["Skipped '/x' path"] }
  reporter.handle({ type: 'host_result', host: 'h1', task, status: 'ok', result, ignored: false })
  reporter.handle({ type: 'host_result', host: 'h2', task, status: 'ok', result, ignored: false })
  assert.deepEqual(warned, ["Skipped '/x' path"])
  assert.deepEqual(out, ['ok: [h1] => {"changed": false, "matched": 0}\n', 'ok: [h2] => {"changed": false, "matched": 0}\n'])
})

test('result fields are read by the text reporter from -v on, by JSON lines and JUnit, never by progress or the summary', () => {
  const text = (verbosity: number) => new DefaultReporter({ write: () => undefined }, { verbosity, colorize: makeColorize(false), warn: () => undefined })
  const progress = new ProgressReporter(new StatusLine({ write: () => undefined }))
  assert.equal(new ReporterGroup([progress, text(0), new SummaryReporter()]).readsResultFields, false)
  assert.equal(new ReporterGroup([progress, text(1)]).readsResultFields, true)
  assert.equal(new ReporterGroup([text(0), new JUnitReporter()]).readsResultFields, true)
  assert.equal(new ReporterGroup([new JsonLinesReporter(() => undefined)]).readsResultFields, true)
})
