/**
 * systemd and service end to end against a real systemd: a disposable Debian host that boots
 * Debian's systemd as PID 1 (`startDebianHosts({ systemd: true })`, test/harness/debian/systemd.ts),
 * never the machine running the tests. Each change runs under --check first (reported, and
 * `systemctl` over ssh shows nothing changed), then for real, then again with changed=0.
 * The host has drover-demo.service (`sleep infinity`, reload appends to /run/drover-demo.reloads)
 * and /etc/init.d/drover-sysv (an init script only, run by systemd's sysv generator).
 */
import assert from 'node:assert/strict'
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { stringify } from 'yaml'
import { DEPLOY_USER, debianHostsSkip, startDebianHosts, type DebianHosts } from '../harness/debian/index.js'
import { runDrover, type DroverRun } from './run-drover.js'

type Task = Record<string, unknown>
type Result = Record<string, unknown> & { changed?: boolean; failed?: boolean; msg?: string; status?: Record<string, string> }

describe('systemd and service against systemd as PID 1 on a Debian host', { skip: debianHostsSkip({ systemd: true }) }, () => {
  let d: DebianHosts
  let inventory: string
  let deployInventory: string

  /**
   * A command on the host over plain ssh (not drover): what the host really looks like. Multiplexed
   * over one master connection (its socket is in the run dir: teardown kills it with the host).
   */
  let master: ChildProcess | undefined
  const sshOptions = (): string[] => {
    const host = d.hosts[0]!
    return ['-o', 'BatchMode=yes', '-i', d.clientKey, '-o', `UserKnownHostsFile=${d.knownHosts}`, '-o', `ControlPath=${d.dir}/ssh-%C`, '-p', String(host.port), `root@${host.address}`]
  }
  const ssh = (command: string): Promise<string> => {
    return new Promise((resolve, reject) => {
      const args = [...sshOptions(), command]
      execFile('ssh', args, { env: d.env(), timeout: 30_000 }, (error, stdout, stderr) => {
        // 255: ssh itself failed; any other exit code is the command's (is-active says 3 for inactive).
        if (error && (typeof error.code !== 'number' || error.code === 255)) reject(new Error(`ssh ${command}: ${error.message} ${stderr}`))
        else resolve(String(stdout))
      })
    })
  }
  /** `is-active` and `is-enabled` of a unit, e.g. 'active enabled'. */
  const unitState = async (unit: string): Promise<string> =>
    (await ssh(`systemctl is-active ${unit}; systemctl is-enabled ${unit} 2>/dev/null`)).trim().split('\n').join(' ')
  const show = async (unit: string, property: string): Promise<string> => (await ssh(`systemctl show -p ${property} --value ${unit}`)).trim()

  const play = (name: string, tasks: Task[], extra: string[] = [], inv = inventory, become = false): Promise<DroverRun> => {
    const path = join(d.dir, `${name}.yml`)
    writeFileSync(path, stringify([{ hosts: 'all', gather_facts: false, ...(become ? { become: true } : {}), tasks }]))
    return runDrover(['playbook', '-i', inv, path, ...extra], { env: d.env(), timeoutMs: 120_000 })
  }
  const recap = (run: DroverRun) => {
    const m = /deb1 +: ok=(\d+) +changed=(\d+) +unreachable=\d+ +failed=(\d+)/.exec(run.stdout)
    return m ? { ok: Number(m[1]), changed: Number(m[2]), failed: Number(m[3]) } : { ok: NaN, changed: NaN, failed: NaN }
  }
  /** Each task's result, from a run with `--output json`. */
  const results = (run: DroverRun): Result[] =>
    run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; result?: Result })
      .filter((e) => e.type === 'host_result').map((e) => e.result!)
  const jsonRecap = (run: DroverRun) => {
    const event = run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; stats?: Record<string, { changed: number; failed: number }> })
      .find((e) => e.type === 'recap')
    return event?.stats?.deb1 ?? { changed: NaN, failed: NaN }
  }

  /**
   * --check --diff (changes reported, `unchanged` still holds on the host), the real run, then the
   * same again (changed=0). The real runs use --output json: their results are returned.
   */
  const threeRuns = async (name: string, tasks: Task[], unchanged: () => Promise<void>, inv = inventory, become = false) => {
    const checked = await play(name, tasks, ['--check', '--diff'], inv, become)
    assert.equal(checked.code, 0, checked.stdout + checked.stderr)
    assert.ok(recap(checked).changed > 0, checked.stdout)
    await unchanged()
    const first = await play(name, tasks, ['--output', 'json'], inv, become)
    assert.equal(first.code, 0, first.stdout + first.stderr)
    assert.ok(jsonRecap(first).changed > 0, first.stdout)
    const second = await play(name, tasks, ['--output', 'json'], inv, become)
    assert.equal(second.code, 0, second.stdout + second.stderr)
    assert.equal(jsonRecap(second).changed, 0, second.stdout)
    return { checked, first: results(first), second: results(second) }
  }

  before(async () => {
    d = await startDebianHosts({ hosts: 1, systemd: true })
    process.stderr.write(`systemd host started in ${d.startMs} ms\n`)
    // The master connection for ssh(); until it is up, ssh() simply connects on its own.
    master = spawn('ssh', ['-M', '-N', ...sshOptions()], { env: d.env(), stdio: 'ignore' })
    inventory = d.writeInventory()
    deployInventory = d.writeInventory({ user: DEPLOY_USER, file: 'deploy.ini' })
  })
  after(async () => {
    master?.kill()
    await d?.stop()
  })

  test('the host runs systemd as PID 1 and sshd as a unit; the demo units start stopped and disabled', async () => {
    assert.equal((await ssh('cat /proc/1/comm')).trim(), 'systemd')
    assert.equal(await unitState('ssh'), 'active enabled')
    assert.equal(await unitState('drover-demo'), 'inactive disabled')
    assert.equal(await unitState('drover-sysv'), 'inactive disabled')
  })

  test('systemd started + enabled: --check changes nothing, then it runs and is enabled, then changed=0; status is systemctl show', async () => {
    const tasks = [
      { systemd: { name: 'drover-demo', state: 'started', enabled: true }, register: 'demo' },
      { assert: { that: ["demo.name == 'drover-demo'", 'demo.enabled', "demo.state == 'started'", "demo.status.Id == 'drover-demo.service'", "demo.status.LoadState == 'loaded'"] } },
    ]
    const { first, second } = await threeRuns('sd-start', tasks, async () => {
      assert.equal(await unitState('drover-demo'), 'inactive disabled')
    })
    assert.equal(await unitState('drover-demo'), 'active enabled')
    // As Ansible: the status is what systemctl showed before the change; enabled/state are the new ones.
    assert.equal(first[0]!.changed, true)
    assert.equal(first[0]!.name, 'drover-demo')
    assert.equal(first[0]!.state, 'started')
    assert.equal(first[0]!.enabled, true)
    assert.equal(first[0]!.status!.ActiveState, 'inactive')
    assert.equal(first[0]!.status!.UnitFileState, 'disabled')
    const now = second[0]!
    assert.equal(now.changed, false)
    assert.equal(now.enabled, true)
    assert.equal(now.status!.ActiveState, 'active')
    assert.equal(now.status!.SubState, 'running')
    assert.equal(now.status!.UnitFileState, 'enabled')
    assert.equal(now.status!.Id, 'drover-demo.service')
    assert.equal(now.status!.MainPID, await show('drover-demo', 'MainPID'))
    assert.match(now.status!.ExecStart!, /path=\/bin\/sleep ; argv\[\]=\/bin\/sleep infinity/)
  })

  test('systemd restarted and reloaded always act (under --check only reported)', async () => {
    const pid = await show('drover-demo', 'MainPID')
    assert.notEqual(pid, '0')
    const reloads = async () => (await ssh('cat /run/drover-demo.reloads 2>/dev/null | wc -l')).trim()
    const tasks = [{ systemd: { name: 'drover-demo', state: 'restarted' } }, { systemd: { name: 'drover-demo', state: 'reloaded' } }]
    const checked = await play('sd-restart', tasks, ['--check'])
    assert.equal(recap(checked).changed, 2, checked.stdout)
    assert.equal(await show('drover-demo', 'MainPID'), pid)
    assert.equal(await reloads(), '0')
    const run = await play('sd-restart', tasks)
    assert.equal(recap(run).changed, 2, run.stdout)
    const newPid = await show('drover-demo', 'MainPID')
    assert.notEqual(newPid, pid)
    assert.notEqual(newPid, '0')
    assert.equal(await reloads(), '1')
  })

  test('systemd stopped + enabled false: --check changes nothing, then stopped and disabled, then changed=0', async () => {
    const tasks = [{ systemd: { name: 'drover-demo.service', state: 'stopped', enabled: false } }]
    const { first, second } = await threeRuns('sd-stop', tasks, async () => {
      assert.equal(await unitState('drover-demo'), 'active enabled')
    })
    assert.equal(await unitState('drover-demo'), 'inactive disabled')
    assert.equal(first[0]!.enabled, false)
    assert.equal(first[0]!.state, 'stopped')
    assert.equal(second[0]!.status!.ActiveState, 'inactive')
  })

  test('systemd masked: --check changes nothing; masked, a masked unit will not start; unmasked again', async () => {
    await threeRuns('sd-mask', [{ systemd: { name: 'drover-demo', masked: true } }], async () => {
      assert.equal(await unitState('drover-demo'), 'inactive disabled')
    })
    assert.equal(await unitState('drover-demo'), 'inactive masked')
    const unmask = await play('sd-unmask', [
      { systemd: { name: 'drover-demo', state: 'started' }, ignore_errors: true },
      { shell: 'systemctl is-active drover-demo; systemctl is-enabled drover-demo', register: 'between', failed_when: false },
      { systemd: { name: 'drover-demo', masked: false } },
      { debug: { var: 'between.stdout_lines' } },
    ])
    assert.equal(unmask.code, 0, unmask.stdout)
    // systemctl's own refusal, and the unit stayed down.
    assert.match(unmask.stdout, /fatal: \[deb1\]: FAILED!.*Unit drover-demo\.service is masked/)
    assert.match(unmask.stdout, /"between\.stdout_lines": \[\s*"inactive",\s*"masked"\s*\]/)
    assert.equal(recap(unmask).changed, 2, unmask.stdout) // the unmask, and shell (always changed)
    assert.equal(await unitState('drover-demo'), 'inactive disabled')
  })

  test('systemd daemon_reload: a unit file written with copy is loaded; --check does not reload', async () => {
    const unit = (version: number) => `[Unit]\nDescription=drover extra\n\n[Service]\nEnvironment=DROVER_VERSION=${version}\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=multi-user.target\n`
    const install = [
      { copy: { dest: '/etc/systemd/system/drover-extra.service', content: unit(1) } },
      { systemd: { name: 'drover-extra', state: 'started', enabled: true, daemon_reload: true } },
    ]
    // As with Ansible, --check cannot find a unit that only the (skipped) copy would have written.
    const checked = await play('sd-extra', install, ['--check', '--diff'])
    assert.equal(checked.code, 2, checked.stdout)
    assert.match(checked.stdout, /\+Environment=DROVER_VERSION=1/)
    assert.match(checked.stdout, /Could not find the requested service drover-extra: host/)
    assert.equal((await ssh('test -e /etc/systemd/system/drover-extra.service && echo there || echo absent')).trim(), 'absent')
    const first = await play('sd-extra', install)
    assert.equal(first.code, 0, first.stdout)
    assert.equal(recap(first).changed, 2, first.stdout)
    assert.equal(await unitState('drover-extra'), 'active enabled')
    assert.equal(await show('drover-extra', 'Environment'), 'DROVER_VERSION=1')
    // (Run again it changes nothing: the same two tasks are the systemd idempotency fragment.)

    // The file changes behind systemd's back: only a daemon-reload makes systemd read it.
    writeFileSync(join(d.hosts[0]!.root, 'etc/systemd/system/drover-extra.service'), unit(2))
    assert.equal(await show('drover-extra', 'NeedDaemonReload'), 'yes')
    const reload = [{ systemd: { daemon_reload: true } }]
    const checkedReload = await play('sd-daemon-reload', reload, ['--check'])
    assert.equal(checkedReload.code, 0, checkedReload.stdout)
    assert.equal(await show('drover-extra', 'NeedDaemonReload'), 'yes', '--check must not reload')
    const reloaded = await play('sd-daemon-reload', reload, ['--output', 'json'])
    assert.equal(reloaded.code, 0, reloaded.stdout)
    // As Ansible: daemon-reload alone is not reported as a change.
    assert.deepEqual(results(reloaded)[0], { name: null, status: {}, changed: false })
    assert.equal(await show('drover-extra', 'NeedDaemonReload'), 'no')
    assert.equal(await show('drover-extra', 'Environment'), 'DROVER_VERSION=2')

    // daemon_reexec: systemd re-executes itself (still PID 1, units still running), no change reported.
    // (The manager's units-load timestamp moves on every reload or re-exec.)
    const loaded = async () => (await ssh('systemctl show -p UnitsLoadTimestampMonotonic --value')).trim()
    const before = await loaded()
    const reexec = await play('sd-daemon-reexec', [{ systemd: { daemon_reexec: true } }])
    assert.equal(reexec.code, 0, reexec.stdout)
    assert.equal(recap(reexec).changed, 0, reexec.stdout)
    assert.notEqual(await loaded(), before)
    assert.equal((await ssh('cat /proc/1/comm; systemctl is-active drover-extra')).trim(), 'systemd\nactive')
    await ssh('systemctl disable --now drover-extra && rm /etc/systemd/system/drover-extra.service && systemctl daemon-reload')
  })

  test('service on a systemd host takes the systemctl path: a unit, and an init script run by systemd', async () => {
    const links = async () => (await ssh('ls /etc/rc2.d /etc/rc0.d | grep drover-sysv || true')).trim()
    const start = [
      { service: { name: 'drover-demo', state: 'started', enabled: true } },
      { service: { name: 'drover-sysv', state: 'started', enabled: true } },
    ]
    const { first, second } = await threeRuns('svc-sd', start, async () => {
      assert.equal(await unitState('drover-demo'), 'inactive disabled')
      assert.equal(await unitState('drover-sysv'), 'inactive disabled')
      assert.equal(await links(), '')
    })
    assert.equal(await unitState('drover-demo'), 'active enabled')
    // The systemd module's result: the status dict only systemctl show gives.
    assert.equal(first[0]!.status!.ActiveState, 'inactive')
    assert.equal(second[0]!.status!.ActiveState, 'active')
    assert.match(second[0]!.status!.FragmentPath!, /^(\/usr)?\/lib\/systemd\/system\/drover-demo\.service$/)
    // An init script without a unit: systemd runs it (sysv generator), systemctl enable makes its rc links.
    assert.equal(await unitState('drover-sysv'), 'active enabled')
    assert.match(await links(), /S\d\ddrover-sysv/)
    assert.equal(second[1]!.status!.SourcePath, '/etc/init.d/drover-sysv')
    assert.equal((await ssh('/etc/init.d/drover-sysv status >/dev/null && echo running')).trim(), 'running')

    // Options only init scripts use are ignored, with Ansible's warning.
    const stop = [
      { service: { name: 'drover-demo', state: 'stopped', enabled: false, pattern: 'sleep', sleep: 1 } },
      { service: { name: 'drover-sysv', state: 'stopped', enabled: false } },
    ]
    const stopped = await threeRuns('svc-sd-stop', stop, async () => {
      assert.equal(await unitState('drover-demo'), 'active enabled')
      assert.equal(await unitState('drover-sysv'), 'active enabled')
    })
    assert.match(stopped.checked.stderr, /\[WARNING\]: Ignoring "pattern" as it is not used in "systemd"/)
    assert.match(stopped.checked.stderr, /\[WARNING\]: Ignoring "sleep" as it is not used in "systemd"/)
    assert.equal(await unitState('drover-demo'), 'inactive disabled')
    assert.equal(await unitState('drover-sysv'), 'inactive disabled')
    assert.doesNotMatch(await links(), /S\d\ddrover-sysv/)
  })

  test('become from the deploy user: sudo runs systemctl; without become systemd refuses and nothing changes', async () => {
    await threeRuns('sd-become', [{ systemd: { name: 'drover-demo', state: 'started' } }], async () => {
      assert.equal(await unitState('drover-demo'), 'inactive disabled')
    }, deployInventory, true)
    assert.equal(await unitState('drover-demo'), 'active disabled')
    assert.equal((await ssh(`ps -o user= -p $(systemctl show -p MainPID --value drover-demo)`)).trim(), 'root')

    const denied = await play('sd-no-become', [{ systemd: { name: 'drover-demo', state: 'stopped' } }], [], deployInventory)
    assert.equal(denied.code, 2, denied.stdout)
    assert.equal(recap(denied).failed, 1, denied.stdout)
    assert.match(denied.stdout, /Access denied|Interactive authentication required/)
    assert.equal(await unitState('drover-demo'), 'active disabled')
    await ssh('systemctl stop drover-demo')
  })

  test('unknown units and glob patterns fail with Ansible\'s messages', async () => {
    const tasks = [
      { systemd: { name: 'no-such-unit', state: 'started' }, ignore_errors: true },
      { service: { name: 'no-such-service', state: 'started' }, ignore_errors: true },
      { systemd: { name: 'drover-*', state: 'stopped' }, ignore_errors: true },
    ]
    const run = await play('sd-missing', tasks)
    assert.equal(run.code, 0, run.stdout)
    assert.equal(recap(run).failed, 0, run.stdout)
    assert.match(run.stdout, /Could not find the requested service no-such-unit: host/)
    assert.match(run.stdout, /Could not find the requested service no-such-service: host/)
    assert.match(run.stdout, /This module does not currently support using glob patterns, found '\*' in service name: drover-\*/)
  })

  test('a unit that fails to start: Ansible\'s "Unable to start service" with systemctl\'s own words, and enable before it holds', async () => {
    await ssh("printf '[Service]\\nType=oneshot\\nExecStart=/bin/false\\n[Install]\\nWantedBy=multi-user.target\\n' > /etc/systemd/system/drover-fails.service && systemctl daemon-reload")
    const run = await play('sd-fails', [{ systemd: { name: 'drover-fails', enabled: true, state: 'started' } }], ['--output', 'json'])
    assert.equal(run.code, 2, run.stdout)
    const [result] = results(run)
    // Only the failing `start`'s stderr: not what `enable` printed before it.
    assert.match(String(result?.msg), /^Unable to start service drover-fails: Job for drover-fails\.service failed because the control process exited with error code\.\n/)
    assert.doesNotMatch(String(result?.msg), /Created symlink/)
    assert.equal(await unitState('drover-fails'), 'failed enabled')
    await ssh('systemctl disable drover-fails; rm /etc/systemd/system/drover-fails.service; systemctl daemon-reload; systemctl reset-failed')
  })
})
