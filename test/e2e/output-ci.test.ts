/**
 * Issue 9 in CI conditions (CI=true, no terminal): no colour, no progress, no prompts; the
 * machine-readable reporters (JSON lines, JUnit, summary, GitHub annotations) side by side,
 * validated against their schemas, and no_log censored in every one of them.
 */
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { Ajv } from 'ajv'
import { startHarness, type Harness } from '../harness/index.js'
import { eventsSchema, summarySchema } from '../../src/output/events-schema.js'
import { NO_LOG_MESSAGE } from '../../src/output/result-format.js'
import { xmllintJUnit } from '../unit/output/junit-xsd.js'
import { runDrover } from './run-drover.js'

const SECRET = 'pa55-w0rd-xyzzy'
let harness: Harness
let inventory: string
let playbook: string

before(async () => {
  harness = await startHarness({ hosts: 2 })
  inventory = harness.writeInventory({ hosts: harness.hosts })
  playbook = join(harness.dir, 'ci.yml')
  writeFileSync(
    playbook,
    [
      '- name: ci run',
      '  hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - name: hello',
      '      command: echo hello',
      '    - name: secret',
      `      command: echo ${SECRET}`,
      '      no_log: true',
      '    - name: secret loop',
      `      command: echo {{ item }}`,
      `      loop: ['${SECRET}']`,
      '      no_log: true',
      '    - name: breaks on h2',
      '      command: /bin/false',
      "      when: inventory_hostname == 'h2'",
      '',
    ].join('\n'),
  )
})

after(async () => {
  await harness?.stop()
})

const ci = () => ({ ...harness.env(), CI: 'true' })

test('CI=true without a terminal: no colour codes, no progress line, Ansible text on stdout', async () => {
  // -v: results of ok/changed tasks (here the censored ones) are shown.
  const run = await runDrover(['playbook', '-v', '-i', inventory, playbook], { env: ci() })
  assert.equal(run.code, 2, run.stderr)
  assert.ok(!/\u001b/.test(run.stdout + run.stderr), 'no escape codes')
  assert.ok(!/waiting on/.test(run.stdout + run.stderr), 'no progress')
  assert.match(run.stdout, /^fatal: \[h2\]: FAILED! => /m)
  assert.ok(run.stdout.includes(NO_LOG_MESSAGE))
  assert.ok(!run.stdout.includes(SECRET))
})

test('forced colour (ANSIBLE_FORCE_COLOR) colours results even when piped', async () => {
  const run = await runDrover(['playbook', '-i', inventory, playbook], { env: { ...ci(), ANSIBLE_FORCE_COLOR: '1' } })
  assert.match(run.stdout, /\u001b\[0;33mchanged: \[h1\]\u001b\[0m/)
  assert.match(run.stdout, /\u001b\[0;31mfatal: \[h2\]: FAILED!/)
})

test('anything that would prompt fails with a clear message instead', async () => {
  const run = await runDrover(['playbook', '-k', '-i', inventory, playbook], { env: ci(), timeoutMs: 20_000 })
  assert.notEqual(run.code, 0)
  assert.match(run.stderr, /needs a terminal to prompt on/)
  assert.ok(!run.stdout.includes('PLAY ['), 'nothing ran')
})

test('--output json, --junit and --summary at once; all valid, all censored; GitHub annotations', async () => {
  const junit = join(harness.dir, 'reports/junit.xml')
  const summaryFile = join(harness.dir, 'reports/summary.json')
  const run = await runDrover(['playbook', '--output', 'json', '--junit', junit, '--summary', summaryFile, '-i', inventory, playbook], {
    env: { ...ci(), GITHUB_ACTIONS: 'true' },
  })
  assert.equal(run.code, 2, run.stderr)
  const ajv = new Ajv({ strict: false, validateFormats: false })
  const validate = ajv.compile(eventsSchema())
  const events = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; exitCode?: number })
  for (const event of events) assert.ok(validate(event), JSON.stringify(validate.errors))
  assert.equal(events[0]!.type, 'playbook_start')
  assert.deepEqual(events.at(-1), { ...events.at(-1), type: 'run_end', exitCode: 2, interrupted: false })
  assert.equal(events.filter((e) => e.type === 'host_result').length, 8)

  const xml = readFileSync(junit, 'utf8')
  const lint = xmllintJUnit(xml)
  assert.ok(lint.ok, lint.output)
  assert.equal((xml.match(/<testcase /g) ?? []).length, 8)
  assert.match(xml, /<testcase name="\[h2\] breaks on h2" classname="[^"]*ci.yml:14" [^>]*><failure message="non-zero return code"/)

  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as { failures: { host: string; line: number }[]; hosts: Record<string, { failed: number }> }
  assert.ok(ajv.compile(summarySchema())(summary))
  assert.deepEqual(summary.failures.map((f) => [f.host, f.line]), [['h2', 14]])
  assert.equal(summary.hosts.h2!.failed, 1)

  assert.match(run.stderr, /^::error file=[^,]*ci\.yml,line=14,title=breaks on h2 \[h2\]::FAILED: \[h2\] breaks on h2: non-zero return code$/m)
  for (const text of [run.stdout, run.stderr, xml, JSON.stringify(summary)]) assert.ok(!text.includes(SECRET), 'no_log leaked')
  assert.ok(run.stdout.includes(NO_LOG_MESSAGE) && xml.includes(NO_LOG_MESSAGE))
})

test('DROVER_OUTPUT=json selects JSON lines; a bad --output value is a usage error (exit 5)', async () => {
  const run = await runDrover(['playbook', '-i', inventory, playbook], { env: { ...ci(), DROVER_OUTPUT: 'json' } })
  assert.ok(run.stdout.split('\n').filter(Boolean).every((line) => JSON.parse(line) && true))
  const bad = await runDrover(['playbook', '--output', 'yaml', '-i', inventory, playbook], { env: ci() })
  assert.equal(bad.code, 5, bad.stderr)
  assert.match(bad.stderr, /--output must be text or json/)
})

test('drover schema events / summary print the published schemas', async () => {
  const events = await runDrover(['schema', 'events'], { env: ci() })
  assert.deepEqual(JSON.parse(events.stdout), eventsSchema())
  const summary = await runDrover(['schema', 'summary'], { env: ci() })
  assert.deepEqual(JSON.parse(summary.stdout), summarySchema())
})
