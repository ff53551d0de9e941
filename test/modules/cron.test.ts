/**
 * cron: plan fixtures (crontab text + args → new text, result, steps) for jobs, variables, markers
 * Ansible wrote, state=absent and cron_file; then cron_file over a LocalConnection in a temp dir
 * (a user crontab changes the system: that runs only on disposable hosts, in the e2e test).
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { planCron, type CronArgs, type CronFacts } from '../../modules/cron.js'
import { LocalConnection } from '../../src/connection/local.js'
import { parseCron } from '../../src/module/crontab-edit.js'
import { args, ENV } from './fixtures.js'
import { assertIdempotent } from './idempotency.js'
import { runModule } from './run-module.js'

const OPTS = { check: false, diff: true }
const cronArgs = (extra: Record<string, unknown>) => args<CronArgs>('cron', extra)
const facts = (text: string | undefined): CronFacts => ({ env: ENV, text })
/** The crontab text a plan installs (the argument crontab - reads). */
function installed(plan: ReturnType<typeof planCron>): string | undefined {
  if (!plan.changed) return undefined
  const last = plan.steps[plan.steps.length - 1]!
  return last.kind === 'write' ? String(last.content) : last.argv[4]
}

test('plan cron: a new job gets its marker; the same job again is unchanged', () => {
  const plan = planCron(cronArgs({ name: 'backup', minute: '0', hour: '3', job: '/usr/bin/backup' }), facts(''), OPTS)
  assert.equal(installed(plan), '#Ansible: backup\n0 3 * * * /usr/bin/backup\n')
  assert.deepEqual(plan.result, { jobs: ['backup'], envs: [] })
  assert.ok(plan.changed)
  assert.deepEqual(plan.diff, { before: '', before_header: 'crontab', after: '#Ansible: backup\n0 3 * * * /usr/bin/backup\n', after_header: 'crontab' })
  const again = planCron(cronArgs({ name: 'backup', minute: '0', hour: '3', job: '/usr/bin/backup' }), facts('#Ansible: backup\n0 3 * * * /usr/bin/backup\n'), OPTS)
  assert.deepEqual(again, { changed: false, result: { jobs: ['backup'], envs: [] } })
})

test('plan cron: a changed schedule replaces the line after the marker; other lines stay', () => {
  const text = 'MAILTO=""\n# mine\n*/5 * * * * /bin/true\n#Ansible: backup\n0 3 * * * /usr/bin/backup\n'
  const plan = planCron(cronArgs({ name: 'backup', special_time: 'daily', job: '/usr/bin/backup', disabled: true }), facts(text), OPTS)
  assert.equal(installed(plan), 'MAILTO=""\n# mine\n*/5 * * * * /bin/true\n#Ansible: backup\n#@daily /usr/bin/backup\n')
  assert.deepEqual(plan.result, { jobs: ['backup'], envs: ['MAILTO'] })
})

test('plan cron: an unmarked identical line is adopted (marker inserted); absent removes marker and job', () => {
  const adopted = planCron(cronArgs({ name: 'tidy', job: '/bin/tidy' }), facts('* * * * * /bin/tidy\n'), OPTS)
  assert.equal(installed(adopted), '#Ansible: tidy\n* * * * * /bin/tidy\n')
  const removed = planCron(cronArgs({ name: 'tidy', state: 'absent' }), facts('#Ansible: tidy\n* * * * * /bin/tidy\n#Ansible: keep\n@reboot /bin/keep\n'), OPTS)
  assert.equal(installed(removed), '#Ansible: keep\n@reboot /bin/keep\n')
  assert.equal(planCron(cronArgs({ name: 'gone', state: 'absent' }), facts('#Ansible: keep\n@reboot /bin/keep\n'), OPTS).changed, false)
})

test('plan cron: env variables are inserted first, after or before another, updated and removed', () => {
  const first = planCron(cronArgs({ name: 'PATH', env: true, job: '/usr/bin:/bin' }), facts('#Ansible: a\n* * * * * a\n'), OPTS)
  assert.equal(installed(first), 'PATH="/usr/bin:/bin"\n#Ansible: a\n* * * * * a\n')
  const afterIt = planCron(cronArgs({ name: 'SHELL', env: true, job: '/bin/sh', insertafter: 'PATH' }), facts('PATH="/bin"\nX=1\n'), OPTS)
  assert.equal(installed(afterIt), 'PATH="/bin"\nSHELL="/bin/sh"\nX=1\n')
  const updated = planCron(cronArgs({ name: 'PATH', env: true, job: '/sbin' }), facts('PATH="/bin"\nX=1\n'), OPTS)
  assert.equal(installed(updated), 'PATH="/sbin"\nX=1\n')
  const removed = planCron(cronArgs({ name: 'X', env: true, state: 'absent' }), facts('PATH="/bin"\nX=1\n'), OPTS)
  assert.equal(installed(removed), 'PATH="/bin"\n')
  const missing = planCron(cronArgs({ name: 'Y', env: true, job: '1', insertbefore: 'NOPE' }), facts(''), OPTS)
  assert.equal(missing.failed && missing.msg, "Variable named 'NOPE' not found.")
})

test('plan cron: argument errors as Ansible words them; a missing final newline is a change', () => {
  const msg = (a: Record<string, unknown>) => {
    const plan = planCron(cronArgs(a), facts(''), OPTS)
    return plan.failed ? plan.msg : undefined
  }
  assert.equal(msg({ name: 'x', job: 'y', special_time: 'daily', hour: '1' }), 'You must specify time and date fields or special time.')
  assert.equal(msg({ name: 'x', job: 'y', cron_file: 'f' }), 'To use cron_file=... parameter you must specify user=... as well')
  assert.equal(msg({ name: 'x' }), "You must specify 'job' to install a new cron job or variable")
  assert.equal(msg({ name: 'x', job: 'y', cron_file: '/etc/crontab', user: 'root' }), 'Will not manage /etc/crontab via cron_file, see documentation.')
  const noNewline = planCron(cronArgs({ name: 'a', job: 'a' }), facts('#Ansible: a\n* * * * * a'), OPTS)
  assert.equal(installed(noNewline), '#Ansible: a\n* * * * * a\n')
})

test('plan cron: user crontabs go through crontab -u only for another user; cron_file lines carry the user', () => {
  const other = planCron(cronArgs({ name: 'a', job: 'a', user: 'www-data' }), facts(''), { check: false, diff: false })
  assert.ok(other.changed)
  assert.deepEqual(other.steps[0]!.kind === 'exec' && other.steps[0]!.argv.slice(5), ['-u', 'www-data'])
  const self = planCron(cronArgs({ name: 'a', job: 'a', user: ENV.user }), facts(''), { check: false, diff: false })
  assert.ok(self.changed && self.steps[0]!.kind === 'exec' && self.steps[0]!.argv.length === 5)
  const file = planCron(cronArgs({ name: 'a', job: 'run', user: 'root', cron_file: 'nightly', hour: '2' }), facts(undefined), OPTS)
  assert.ok(file.changed)
  assert.deepEqual(file.steps, [{ kind: 'write', path: '/etc/cron.d/nightly', content: '#Ansible: a\n* 2 * * * root run\n' }])
  assert.equal(file.result?.cron_file, 'nightly')
})

test('parseCron: the headers crontab -l may print are not part of the crontab', () => {
  const text = '# DO NOT EDIT THIS FILE - edit the master and reinstall.\n# (/tmp/crontab.x installed on Mon)\n# (Cron version -- $Id$)\n#Ansible: a\n* * * * * a\n'
  assert.deepEqual(parseCron(text, true), { existing: '#Ansible: a\n* * * * * a\n', lines: ['#Ansible: a', '* * * * * a'] })
})

let dir: string
let connection: LocalConnection
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-cron-'))
  connection = new LocalConnection('localhost')
})
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

test('cron_file in a temp dir: idempotent, --check writes nothing, emptied file removed, hostile job text', async () => {
  const file = join(dir, `cron d $(touch drover-pwned-canary)`)
  const job = `echo "$(date)" \`id\` 'q' > /dev/null`
  const check = await runModule(connection, 'cron', { name: 'j', job, user: 'root', cron_file: file, hour: '4' }, { check: true })
  assert.equal(check.changed, true)
  assert.equal(existsSync(file), false)
  await assertIdempotent(connection, 'cron', { name: 'j', job, user: 'root', cron_file: file, hour: '4' })
  assert.equal(readFileSync(file, 'utf8'), `#Ansible: j\n* 4 * * * root ${job}\n`)
  await assertIdempotent(connection, 'cron', { name: 'P', env: true, job: '/bin', user: 'root', cron_file: file })
  writeFileSync(file, readFileSync(file, 'utf8') + '# hand edit\n')
  await assertIdempotent(connection, 'cron', { name: 'P', env: true, state: 'absent', cron_file: file })
  await assertIdempotent(connection, 'cron', { name: 'j', state: 'absent', cron_file: file })
  assert.equal(readFileSync(file, 'utf8'), '# hand edit\n', 'a file with other lines stays')
  writeFileSync(file, '#Ansible: j\n* * * * * root x\n')
  const removed = await runModule(connection, 'cron', { name: 'j', state: 'absent', cron_file: file }, { diff: true })
  assert.equal(removed.changed, true)
  assert.equal(existsSync(file), false, 'an emptied cron_file is removed')
  assert.deepEqual(removed.diff, { before: '#Ansible: j\n* * * * * root x\n', before_header: file, after: '', after_header: '/dev/null' })
  assert.equal(existsSync(join(process.cwd(), 'drover-pwned-canary')), false)
})
