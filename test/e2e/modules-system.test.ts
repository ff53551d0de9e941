/**
 * apt, package, service, systemd, hostname and sysctl end to end on disposable Debian hosts (never
 * on the machine running the tests): each playbook runs under --check first (changes reported,
 * nothing changed on the host), then for real, then again with changed=0; end state read on the host.
 * apt uses a local file: repository of tiny packages built here.
 */
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { debianHostsSkip, startDebianHosts, type DebianHosts } from '../harness/debian/index.js'
import { buildDeb, writePackagesIndex, type DebSpec } from './deb-repo.js'
import { runDrover, type DroverRun } from './run-drover.js'

const INIT_SCRIPT = `#!/bin/sh
### BEGIN INIT INFO
# Provides:          drover-svc
# Required-Start:
# Required-Stop:
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: drover test service
### END INIT INFO
PIDFILE=/run/drover-svc.pid
case "$1" in
  start) start-stop-daemon --start --quiet --background --make-pidfile --pidfile $PIDFILE --exec /bin/sleep -- 100000 ;;
  stop) start-stop-daemon --stop --quiet --oknodo --remove-pidfile --pidfile $PIDFILE --exec /bin/sleep ;;
  reload) echo reloaded >> /run/drover-svc.reloads ;;
  status) start-stop-daemon --status --pidfile $PIDFILE --exec /bin/sleep; rc=$?; [ $rc = 0 ] && echo "drover-svc is running" || echo "drover-svc is not running"; exit $rc ;;
  *) echo "usage: $0 start|stop|reload|status"; exit 3 ;;
esac
`

describe('system modules on Debian hosts', { skip: debianHostsSkip() }, () => {
  let d: DebianHosts
  let inventory: string
  let repo: string
  const debs: { file: string; spec: DebSpec }[] = []

  const sh = async (command: string, host = 'deb1') => {
    const r = await d.exec(host, command)
    return r.code === 0 ? r.stdout : `rc=${r.code} ${r.stdout}${r.stderr}`
  }
  const play = async (name: string, tasks: string[], extra: string[] = [], hosts = 'deb1'): Promise<DroverRun> => {
    const path = join(d.dir, `${name}.yml`)
    writeFileSync(path, ['- hosts: ' + hosts, '  gather_facts: false', '  tasks:', ...tasks.map((t) => `    ${t}`), ''].join('\n'))
    return runDrover(['playbook', '-i', inventory, path, ...extra], { env: d.env(), timeoutMs: 180_000 })
  }
  const changed = (run: DroverRun, host = 'deb1') => Number(new RegExp(`${host} +: ok=\\d+ +changed=(\\d+) `).exec(run.stdout)?.[1] ?? NaN)
  const addDeb = (spec: DebSpec) => {
    debs.push({ file: buildDeb(repo, spec), spec })
    writePackagesIndex(repo, debs)
  }
  /** --check, then the real run, then the same again: the second must change nothing. */
  const threeRuns = async (name: string, tasks: string[], verifyUnchanged: () => Promise<void>) => {
    const checked = await play(name, tasks, ['--check', '--diff'])
    assert.equal(checked.code, 0, checked.stdout + checked.stderr)
    assert.ok(changed(checked) > 0, checked.stdout)
    await verifyUnchanged()
    const first = await play(name, tasks, ['--diff'])
    assert.equal(first.code, 0, first.stdout + first.stderr)
    assert.ok(changed(first) > 0, first.stdout)
    const second = await play(name, tasks)
    assert.equal(second.code, 0, second.stdout + second.stderr)
    assert.equal(changed(second), 0, second.stdout)
    return { checked, first, second }
  }

  before(async () => {
    d = await startDebianHosts({ hosts: 2 })
    inventory = d.writeInventory()
    const root = d.hosts[0]!.root
    repo = join(root, 'srv', 'repo')
    mkdirSync(repo, { recursive: true })
    addDeb({ name: 'drover-hello', version: '1.0' })
    addDeb({ name: 'drover-gone', version: '1.0' })
    buildDeb(join(root, 'srv', 'debs'), { name: 'drover-extra', version: '1.0' })
    // Only the local repository: the tests must not depend on (or wait for) a Debian mirror.
    await sh('rm -f /etc/apt/sources.list /etc/apt/sources.list.d/* && echo "deb [trusted=yes] file:/srv/repo ./" > /etc/apt/sources.list.d/drover.list && rm -rf /var/lib/apt/lists/* && mkdir -p /var/lib/apt/lists/partial')
    await sh('dpkg -i /srv/repo/drover-gone_1.0_all.deb')
    // A cache two hours old: --check knows the packages, and cache_valid_time=3600 makes the real run update it.
    await sh('apt-get update -q >/dev/null && touch -d "2 hours ago" /var/lib/apt/lists')
  })
  after(async () => {
    await d?.stop()
  })

  test('apt: update_cache + install, deb, purge; --check changes nothing; second run changed=0', async () => {
    const tasks = [
      '- apt: { name: drover-hello, update_cache: true, cache_valid_time: 3600 }',
      '  register: installed',
      '- apt: { deb: /srv/debs/drover-extra_1.0_all.deb }',
      '- apt: { name: drover-gone, state: absent, purge: true }',
      '  register: removed',
      '- copy: { content: "{{ installed | to_json }}\\n{{ removed | to_json }}\\n", dest: /tmp/apt-results.json }',
      '  when: installed is changed',
    ]
    const status = (pkg: string) => sh(`dpkg-query -W -f='\${Status} \${Version}' ${pkg} 2>&1 || true`)
    const runs = await threeRuns('apt', tasks, async () => {
      assert.match(await status('drover-hello'), /no packages found/)
      assert.match(await status('drover-extra'), /no packages found/)
      assert.equal(await status('drover-gone'), 'install ok installed 1.0')
    })
    assert.match(runs.first.stdout, /changed: \[deb1\]/)
    assert.equal(await status('drover-hello'), 'install ok installed 1.0')
    assert.equal(await status('drover-extra'), 'install ok installed 1.0')
    assert.match(await status('drover-gone'), /no packages found|not-installed/)
    const [installed, removed] = readFileSync(join(d.hosts[0]!.root, 'tmp', 'apt-results.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    assert.equal(installed.cache_updated, true)
    assert.equal(typeof installed.cache_update_time, 'number')
    assert.match(installed.stdout, /Setting up drover-hello \(1\.0\)/)
    assert.equal(typeof installed.stderr, 'string')
    assert.match(installed.diff.prepared, /drover-hello/)
    assert.match(removed.stdout, /Purging configuration files for drover-gone|Removing drover-gone/)
    // The package is marked manually installed, as Ansible's apt does.
    assert.match(await sh('apt-mark showmanual'), /drover-hello/)
  })

  test('apt latest picks up a new version after update_cache; package dispatches to apt', async () => {
    addDeb({ name: 'drover-hello', version: '2.0' })
    const tasks = ['- apt: { name: drover-hello, state: latest, update_cache: true }', '- package: { name: drover-extra, state: absent }']
    await threeRuns('latest', tasks, async () => {
      assert.equal(await sh(`dpkg-query -W -f='\${Version}' drover-hello`), '1.0')
      assert.equal(await sh(`dpkg-query -W -f='\${Version}' drover-extra`), '1.0')
    })
    assert.equal(await sh(`dpkg-query -W -f='\${Version}' drover-hello`), '2.0')
    assert.equal(await sh('cat /usr/share/drover-hello/version'), '2.0\n')
    assert.match(await sh(`dpkg-query -W -f='\${Status}' drover-extra 2>&1 || true`), /not-installed|no packages found/)
  })

  test('apt: unknown packages fail with Ansible\'s message; hostile names are data', async () => {
    const run = await play('apt-fail', ['- apt: { name: "$(touch /tmp/pwned)" }'])
    assert.equal(run.code, 2, run.stdout)
    assert.match(run.stdout, /No package matching '\$\(touch \/tmp\/pwned\)' is available/)
    assert.match(await sh('ls /tmp/pwned 2>&1 || true'), /No such file/)
  })

  test('service without systemd: init script started and enabled with update-rc.d, then stopped; restarted always changes', async () => {
    writeFileSync(join(d.hosts[0]!.root, 'etc', 'init.d', 'drover-svc'), INIT_SCRIPT, { mode: 0o755 })
    const running = async () => (await sh('/etc/init.d/drover-svc status >/dev/null 2>&1 && echo up || echo down')).trim()
    const links = async () => (await sh('ls /etc/rc2.d/ /etc/rc0.d/ | grep drover-svc || true')).trim()
    await threeRuns('svc-start', ['- service: { name: drover-svc, state: started, enabled: true }', '  register: svc'], async () => {
      assert.equal(await running(), 'down')
      assert.equal(await links(), '')
    })
    assert.equal(await running(), 'up')
    assert.match(await links(), /S\d\ddrover-svc/)
    const pid = await sh('cat /run/drover-svc.pid')
    const restart = await play('svc-restart', ['- service: { name: drover-svc, state: restarted }'])
    assert.equal(changed(restart), 1, restart.stdout)
    assert.notEqual(await sh('cat /run/drover-svc.pid'), pid)
    const reload = await play('svc-reload', ['- service: { name: drover-svc, state: reloaded }'])
    assert.equal(changed(reload), 1, reload.stdout + reload.stderr + reload.code)
    assert.equal(await sh('cat /run/drover-svc.reloads'), 'reloaded\n')
    await threeRuns('svc-stop', ['- service: { name: drover-svc, state: stopped, enabled: false }'], async () => {
      assert.equal(await running(), 'up')
    })
    assert.equal(await running(), 'down')
    assert.match(await links(), /K\d\ddrover-svc/)
    assert.doesNotMatch(await links(), /S\d\ddrover-svc/)
    const missing = await play('svc-missing', ['- service: { name: "no-such-svc", state: started }'])
    assert.match(missing.stdout, /Could not find the requested service no-such-svc: host/)
  })

  test('systemd where systemd is not installed: a clear failure, nothing skipped', async () => {
    const run = await play('systemd', ['- systemd: { name: cron, state: started }'])
    assert.equal(run.code, 2, run.stdout)
    assert.match(run.stdout, /Failed to find required executable \\"systemctl\\" in paths/)
  })

  test('hostname writes /etc/hostname (Debian without systemd, as Ansible) and returns the facts', async () => {
    const tasks = ['- hostname: { name: web01.example.test }', '  register: named', '- assert: { that: ["named.ansible_facts.ansible_hostname == \'web01\'"] }']
    const runs = await threeRuns('hostname', tasks, async () => {
      assert.equal(await sh('cat /etc/hostname'), 'deb1\n')
    })
    assert.match(runs.first.stdout, /-hostname = deb1\n\+hostname = web01\.example\.test/)
    assert.equal(await sh('cat /etc/hostname'), 'web01.example.test\n')
  })

  test('sysctl: an IPC key in its own file, applied with sysctl -p; sysctl_set', async () => {
    const before = (await sh('sysctl -n kernel.msgmax')).trim()
    const value = before === '65000' ? '64000' : '65000'
    const tasks = [`- sysctl: { name: kernel.msgmax, value: "${value}", sysctl_file: /etc/sysctl.d/90-drover.conf }`, `- ansible.posix.sysctl: { name: kernel.msgmnb, value: "32768", sysctl_set: true, reload: false, sysctl_file: /etc/sysctl.d/91-drover.conf }`]
    await threeRuns('sysctl', tasks, async () => {
      assert.equal((await sh('sysctl -n kernel.msgmax')).trim(), before)
      assert.match(await sh('cat /etc/sysctl.d/90-drover.conf 2>&1 || true'), /No such file/)
    })
    assert.equal((await sh('sysctl -n kernel.msgmax')).trim(), value)
    assert.equal((await sh('sysctl -n kernel.msgmnb')).trim(), '32768')
    assert.equal(await sh('cat /etc/sysctl.d/90-drover.conf'), `kernel.msgmax=${value}\n`)
    // The other host's IPC namespace is untouched.
    assert.equal((await sh('sysctl -n kernel.msgmax', 'deb2')).trim(), before)
  })
})
