import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Ajv } from 'ajv'
import { eventsSchema, summarySchema } from '../../../src/output/events-schema.js'
import { JsonLinesReporter } from '../../../src/output/json-lines.js'
import { SummaryReporter } from '../../../src/output/summary.js'
import { GitHubAnnotationReporter } from '../../../src/output/github.js'
import { NO_LOG_MESSAGE } from '../../../src/output/result-format.js'
import { sampleEvents, SECRET } from './sample-events.js'

const ajv = () => new Ajv({ strict: false, validateFormats: false })

test('JSON lines: one event per line, each valid against the published events schema', () => {
  const lines: string[] = []
  const reporter = new JsonLinesReporter((line) => lines.push(line), () => new Date('2024-01-02T03:04:05Z'))
  for (const event of sampleEvents()) reporter.handle(event)
  reporter.handle({ type: 'run_end', exitCode: 4, durationMs: 12, interrupted: false })
  const text = lines.join('')
  assert.equal(text.split('\n').length - 1, sampleEvents().length + 1)
  const validate = ajv().compile(eventsSchema())
  for (const line of text.trimEnd().split('\n')) {
    const record = JSON.parse(line) as Record<string, unknown>
    assert.ok(validate(record), `${line}\n${JSON.stringify(validate.errors)}`)
    assert.equal(record.time, '2024-01-02T03:04:05.000Z')
  }
  assert.ok(!text.includes('_ansible_no_log'), 'internal keys are not published')
})

test('the events schema rejects what it does not describe', () => {
  const validate = ajv().compile(eventsSchema())
  assert.equal(validate({ type: 'host_result', time: 'x', host: 'h1' }), false)
  assert.equal(validate({ type: 'bogus', time: 'x' }), false)
})

test('no_log: JSON lines and the summary carry the censored message, never the secret', () => {
  const lines: string[] = []
  const json = new JsonLinesReporter((line) => lines.push(line))
  const summary = new SummaryReporter()
  for (const event of sampleEvents()) {
    json.handle(event)
    summary.handle(event)
  }
  const all = lines.join('') + JSON.stringify(summary.summary({ exitCode: 0, durationMs: 1, interrupted: false }))
  assert.ok(!all.includes(SECRET))
  assert.ok(lines.join('').includes(NO_LOG_MESSAGE))
})

test('summary: per-host counts from the recap, changed tasks, failures with their message; valid against its schema', () => {
  const summary = new SummaryReporter()
  for (const event of sampleEvents()) summary.handle(event)
  const result = summary.summary({ exitCode: 4, durationMs: 1234, interrupted: false })
  assert.ok(ajv().compile(summarySchema())(result))
  assert.equal(result.hosts.h2!.unreachable, 1)
  assert.deepEqual(result.changed.map((c) => `${c.host} ${c.task} ${c.file}:${c.line}`), ['h1 echo /repo/site.yml:5', 'h1 secret /repo/site.yml:12'])
  assert.deepEqual(result.failures.map((f) => [f.host, f.status, f.message]), [
    ['h2', 'unreachable', 'Failed to connect to the host via ssh: refused'],
    ['h1', 'failed', 'boom\nwith "quotes", 100% <bad>'],
  ])
  assert.deepEqual(result.playbooks, ['/repo/site.yml'])
})

test('summary of an ad hoc run (no recap) counts from the results', () => {
  const summary = new SummaryReporter()
  const task = { name: 'ping', action: 'ping' }
  summary.handle({ type: 'host_result', host: 'a', task, status: 'ok', result: {}, ignored: false })
  summary.handle({ type: 'host_result', host: 'b', task, status: 'failed', result: { msg: 'x' }, ignored: false })
  const result = summary.summary({ exitCode: 2, durationMs: 1, interrupted: false })
  assert.equal(result.hosts.a!.ok, 1)
  assert.equal(result.hosts.b!.failed, 1)
})

test('GitHub annotations: one ::error per failure, at the task, escaped', () => {
  const lines: string[] = []
  const reporter = new GitHubAnnotationReporter((line) => lines.push(line), '/repo')
  for (const event of sampleEvents()) reporter.handle(event)
  assert.deepEqual(lines, [
    '::error file=site.yml,line=5,title=echo [h2]::UNREACHABLE: [h2] echo: Failed to connect to the host via ssh: refused\n',
    '::error file=site.yml,line=15,title=fail [h1]::FAILED: [h1] fail: boom%0Awith "quotes", 100%25 <bad>\n',
  ])
})
