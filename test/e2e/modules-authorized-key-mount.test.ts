/**
 * authorized_key and mount end to end on a disposable Debian host (they change a system: never on
 * the machine running the tests). authorized_key: a new user's ~/.ssh made and owned right, and the
 * key added really logs in. mount: a tmpfs listed in fstab and mounted inside the host's own mount
 * namespace, unmounted, then removed. --check changes nothing; a second run changes nothing.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { promisify } from 'node:util'
import { debianHostsSkip, startDebianHosts, type DebianHosts } from '../harness/debian/index.js'
import { playTasks, recap } from './system-play.js'

describe('authorized_key and mount on a Debian host', { skip: debianHostsSkip() }, () => {
  let d: DebianHosts
  before(async () => {
    d = await startDebianHosts({ hosts: 1 })
  })
  after(async () => {
    await d?.stop()
  })
  const sh = async (command: string) => (await d.exec('deb1', command)).stdout

  test('authorized_key: ~/.ssh created 0700 for the user, key added once, and it logs in', async () => {
    assert.equal((await d.exec('deb1', "useradd -m -s /bin/sh carol && usermod -p '*' carol")).code, 0)
    await promisify(execFile)('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'carol@test', '-f', join(d.dir, 'carol_key')])
    const pub = readFileSync(join(d.dir, 'carol_key.pub'), 'utf8').trim()
    const tasks = [{ authorized_key: { user: 'carol', key: pub, key_options: 'no-port-forwarding' } }]
    const check = await playTasks(d, 'ak-check', tasks, ['--check'])
    assert.deepEqual(recap(check), { ok: 1, changed: 1, failed: 0 }, check.stdout + check.stderr)
    assert.equal(await sh('test -e /home/carol/.ssh && echo yes || echo no'), 'no\n', '--check made nothing')
    const first = await playTasks(d, 'ak', tasks)
    assert.deepEqual(recap(first), { ok: 1, changed: 1, failed: 0 }, first.stdout + first.stderr)
    assert.equal(await sh('stat -c "%a %U:%G" /home/carol/.ssh /home/carol/.ssh/authorized_keys'), '700 carol:carol\n600 carol:carol\n')
    assert.equal(await sh('cat /home/carol/.ssh/authorized_keys'), `no-port-forwarding ${pub}\n`)
    assert.deepEqual(recap(await playTasks(d, 'ak', tasks)), { ok: 1, changed: 0, failed: 0 })
    const host = d.hosts[0]!
    const login = await promisify(execFile)('ssh', ['-i', join(d.dir, 'carol_key'), '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${d.knownHosts}`, '-o', 'BatchMode=yes', '-p', String(host.port), `carol@${host.address}`, 'id -un'], { env: d.env() })
    assert.equal(login.stdout, 'carol\n')
    const removed = await playTasks(d, 'ak-absent', [{ authorized_key: { user: 'carol', key: pub, state: 'absent' } }])
    assert.deepEqual(recap(removed), { ok: 1, changed: 1, failed: 0 })
    assert.equal(await sh('cat /home/carol/.ssh/authorized_keys'), '')
  })

  test('mount: a tmpfs mounted and listed in fstab, remounted on change, unmounted, removed', async () => {
    const mounted = (opts: string) => [{ mount: { path: '/srv/cache dir', src: 'tmpfs', fstype: 'tmpfs', opts, state: 'mounted' } }]
    const check = await playTasks(d, 'mount-check', mounted('size=8m'), ['--check'])
    assert.deepEqual(recap(check), { ok: 1, changed: 1, failed: 0 }, check.stdout + check.stderr)
    assert.equal(await sh("grep -c cache /etc/fstab; test -e '/srv/cache dir' && echo exists || echo none"), '0\nnone\n', '--check changed nothing')
    const first = await playTasks(d, 'mount', mounted('size=8m'))
    assert.deepEqual(recap(first), { ok: 1, changed: 1, failed: 0 }, first.stdout + first.stderr)
    assert.match(await sh('grep cache /etc/fstab'), /^tmpfs \/srv\/cache\\040dir tmpfs size=8m 0 0$/m)
    assert.match(await sh("findmnt -n -o FSTYPE,OPTIONS '/srv/cache dir'"), /^tmpfs .*size=8192k/)
    assert.deepEqual(recap(await playTasks(d, 'mount', mounted('size=8m'))), { ok: 1, changed: 0, failed: 0 })
    const bigger = await playTasks(d, 'mount', mounted('size=16m'))
    assert.deepEqual(recap(bigger), { ok: 1, changed: 1, failed: 0 }, bigger.stdout + bigger.stderr)
    assert.match(await sh("findmnt -n -o OPTIONS '/srv/cache dir'"), /size=16384k/)
    const unmounted = await playTasks(d, 'umount', [{ mount: { path: '/srv/cache dir', state: 'unmounted' } }])
    assert.deepEqual(recap(unmounted), { ok: 1, changed: 1, failed: 0 }, unmounted.stdout + unmounted.stderr)
    assert.equal((await d.exec('deb1', "findmnt '/srv/cache dir'")).code, 1)
    const absent = await playTasks(d, 'absent', [{ mount: { path: '/srv/cache dir', state: 'absent' } }])
    assert.deepEqual(recap(absent), { ok: 1, changed: 1, failed: 0 }, absent.stdout + absent.stderr)
    assert.equal(await sh("grep -c cache /etc/fstab; test -e '/srv/cache dir' && echo exists || echo none"), '0\nnone\n')
    assert.equal((await d.exec('deb1', 'findmnt /')).code, 0)
  })
})
