/**
 * `--junit FILE`: JUnit XML as GitLab, Jenkins and GitHub test reporters read it. One testsuite
 * per play, one testcase per host and task; failures carry the message, unreachable hosts are
 * errors, skipped hosts are skipped.
 */
import { pyJsonDumps } from './pyjson.js'
import type { HostStatus, Reporter, RunEvent } from './events.js'
import { failureMessage, machineResult } from './result-format.js'

interface TestCase {
  name: string
  classname: string
  seconds: number
  status: HostStatus
  ignored: boolean
  message: string
  output: string
}

interface Suite {
  name: string
  started: Date
  cases: TestCase[]
}

// XML 1.0 cannot hold these at all, not even as character references.
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g

export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/** Attribute values also keep their line breaks (a parser would turn a raw newline into a space). */
export function xmlAttribute(text: string): string {
  return xmlEscape(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')
}

export class JUnitReporter implements Reporter {
  private readonly suites: Suite[] = []
  private playbook = 'drover'
  private taskStarted = new Map<string, number>()

  constructor(private readonly now: () => Date = () => new Date()) {}

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'playbook_start':
        this.playbook = event.file
        return
      case 'play_start':
        this.suites.push({ name: event.name, started: this.now(), cases: [] })
        return
      case 'task_start':
        this.taskStarted.set(event.task.name, this.now().getTime())
        return
      case 'host_result': {
        const suite = this.suites[this.suites.length - 1] ?? this.adHocSuite(event.task.name)
        const started = this.taskStarted.get(event.task.name) ?? suite.started.getTime()
        const where = event.task.file ? `${event.task.file}${event.task.line ? `:${event.task.line}` : ''}` : this.playbook
        suite.cases.push({
          name: `[${event.host}] ${event.task.name}`,
          classname: where,
          seconds: Math.max(0, this.now().getTime() - started) / 1000,
          status: event.status,
          ignored: event.ignored,
          message: failureMessage(event.result, event.noLog),
          output: pyJsonDumps(machineResult(event.result, event.noLog), { indent: 4, sortKeys: true }),
        })
        return
      }
      default:
        return
    }
  }

  private adHocSuite(name: string): Suite {
    const suite = { name, started: this.now(), cases: [] }
    this.suites.push(suite)
    return suite
  }

  render(): string {
    const failed = (c: TestCase) => c.status === 'failed' && !c.ignored
    const errored = (c: TestCase) => c.status === 'unreachable' && !c.ignored
    const count = (cases: TestCase[], test: (c: TestCase) => boolean) => cases.filter(test).length
    const all = this.suites.flatMap((s) => s.cases)
    const time = (cases: TestCase[]) => cases.reduce((sum, c) => sum + c.seconds, 0).toFixed(3)
    const lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.push(
      `<testsuites name="${xmlAttribute(this.playbook)}" tests="${all.length}" failures="${count(all, failed)}" errors="${count(all, errored)}" skipped="${count(all, (c) => c.status === 'skipped')}" time="${time(all)}">`,
    )
    this.suites.forEach((suite, id) => {
      const c = suite.cases
      lines.push(
        `  <testsuite name="${xmlAttribute(suite.name)}" id="${id}" tests="${c.length}" failures="${count(c, failed)}" errors="${count(c, errored)}" skipped="${count(c, (x) => x.status === 'skipped')}" time="${time(c)}" timestamp="${suite.started.toISOString().slice(0, 19)}">`,
      )
      for (const test of c) {
        const open = `    <testcase name="${xmlAttribute(test.name)}" classname="${xmlAttribute(test.classname)}" time="${test.seconds.toFixed(3)}">`
        const body = failed(test)
          ? `<failure message="${xmlAttribute(test.message)}" type="failed">${xmlEscape(test.output)}</failure>`
          : errored(test)
            ? `<error message="${xmlAttribute(test.message)}" type="unreachable">${xmlEscape(test.output)}</error>`
            : test.status === 'skipped'
              ? '<skipped message="skipped"/>'
              : `<system-out>${xmlEscape(test.output)}</system-out>`
        lines.push(`${open}${body}</testcase>`)
      }
      lines.push('  </testsuite>')
    })
    lines.push('</testsuites>')
    return lines.join('\n') + '\n'
  }
}
