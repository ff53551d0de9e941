import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JUnitReporter } from '../../../src/output/junit.js'
import { NO_LOG_MESSAGE } from '../../../src/output/result-format.js'
import { xmllintJUnit } from './junit-xsd.js'
import { sampleEvents, SECRET } from './sample-events.js'

function report(): string {
  const reporter = new JUnitReporter(() => new Date('2024-01-02T03:04:05Z'))
  for (const event of sampleEvents()) reporter.handle(event)
  return reporter.render()
}

test('JUnit: valid against the JUnit XSD', () => {
  const result = xmllintJUnit(report())
  assert.ok(result.ok, result.output)
})

test('the XSD check can fail: a testcase without its name is rejected', () => {
  const broken = report().replace(/<testcase name="[^"]*"/, '<testcase')
  assert.equal(xmllintJUnit(broken).ok, false)
})

test('JUnit: one testcase per host and task, failures with the message, unreachable as errors', () => {
  const xml = report()
  assert.equal((xml.match(/<testcase /g) ?? []).length, 5)
  assert.match(xml, /<testsuites name="\/repo\/site.yml" tests="5" failures="1" errors="1" skipped="0"/)
  assert.match(xml, /<testcase name="\[h1\] fail" classname="\/repo\/site.yml:15" time="0.000"><failure message="boom&#10;with &quot;quotes&quot;, 100% &lt;bad&gt;" type="failed">/)
  assert.match(xml, /<testcase name="\[h2\] echo" [^>]*><error message="Failed to connect to the host via ssh: refused" type="unreachable">/)
  assert.match(xml, /<testcase name="\[h1\] loop &lt;&amp;&gt;"/)
})

test('JUnit: no_log results are censored', () => {
  const xml = report()
  assert.ok(!xml.includes(SECRET))
  assert.ok(xml.includes(NO_LOG_MESSAGE.replace(/'/g, "'")))
})
