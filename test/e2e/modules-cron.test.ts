/**
 * cron end to end on a disposable Debian host (a user crontab changes the system: never on the
 * machine running the tests): root's and another user's crontab through crontab(1), a variable and
 * a file under /etc/cron.d; --check changes nothing, a second run changes nothing, end state read on the host.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { debianHostsSkip, startDebianHosts, type DebianHosts } from '../harness/debian/index.js'
import { playTasks, recap } from './system-play.js'

describe('cron on a Debian host', { skip: debianHostsSkip() }, () => {
  let d: DebianHosts
  before(async () => {
    d = await startDebianHosts({ hosts: 1 })
  })
  after(async () => {
    await d?.stop()
  })
  const sh = async (command: string) => (await d.exec('deb1', command)).stdout

  test('jobs, a variable and a cron.d file: --check, apply, then changed=0; removal', async () => {
    await d.exec('deb1', "printf '# kept by hand\\n5 5 * * * /bin/true\\n' | crontab -u deploy -")
    const tasks = [
      { cron: { name: 'nightly backup', minute: '0', hour: '3', job: '/usr/local/bin/backup "$(date +%F)" > /dev/null' } },
      { cron: { name: 'PATH', env: true, job: '/usr/local/bin:/usr/bin:/bin' } },
      { cron: { name: 'report', special_time: 'weekly', user: 'deploy', job: 'echo `hostname`' } },
      { cron: { name: 'tidy', user: 'root', cron_file: 'drover-tidy', minute: '*/10', job: 'find /tmp -mtime +7 -delete' } },
    ]
    const check = await playTasks(d, 'cron-check', tasks, ['--check', '--diff'])
    assert.deepEqual(recap(check), { ok: 4, changed: 4, failed: 0 }, check.stdout + check.stderr)
    assert.match(check.stdout, /\+#Ansible: nightly backup/)
    assert.equal((await d.exec('deb1', 'crontab -l')).code, 1, '--check installed no crontab for root')
    assert.equal(await sh('crontab -u deploy -l'), '# kept by hand\n5 5 * * * /bin/true\n')
    assert.equal(await sh('test -e /etc/cron.d/drover-tidy && echo present || echo none'), 'none\n', '--check wrote no cron.d file')
    const first = await playTasks(d, 'cron', tasks)
    assert.deepEqual(recap(first), { ok: 4, changed: 4, failed: 0 }, first.stdout + first.stderr)
    assert.equal(await sh('crontab -l'), 'PATH="/usr/local/bin:/usr/bin:/bin"\n#Ansible: nightly backup\n0 3 * * * /usr/local/bin/backup "$(date +%F)" > /dev/null\n')
    assert.equal(await sh('crontab -u deploy -l'), '# kept by hand\n5 5 * * * /bin/true\n#Ansible: report\n@weekly echo `hostname`\n')
    assert.equal(await sh('cat /etc/cron.d/drover-tidy; stat -c %a /etc/cron.d/drover-tidy'), '#Ansible: tidy\n*/10 * * * * root find /tmp -mtime +7 -delete\n644\n')
    const again = await playTasks(d, 'cron', tasks)
    assert.deepEqual(recap(again), { ok: 4, changed: 0, failed: 0 }, again.stdout)
    const removal = [
      { cron: { name: 'nightly backup', state: 'absent' } },
      { cron: { name: 'report', user: 'deploy', state: 'absent' } },
      { cron: { name: 'tidy', cron_file: 'drover-tidy', state: 'absent' } },
    ]
    const removed = await playTasks(d, 'cron-absent', removal)
    assert.deepEqual(recap(removed), { ok: 3, changed: 3, failed: 0 }, removed.stdout)
    assert.equal(await sh('crontab -l'), 'PATH="/usr/local/bin:/usr/bin:/bin"\n')
    assert.equal(await sh('crontab -u deploy -l'), '# kept by hand\n5 5 * * * /bin/true\n')
    assert.equal(await sh('test -e /etc/cron.d/drover-tidy && echo present || echo gone'), 'gone\n')
    assert.deepEqual(recap(await playTasks(d, 'cron-absent', removal)), { ok: 3, changed: 0, failed: 0 })
  })
})
