/** service and systemd plans as fixtures: gathered init-script / systemctl answers + args → steps. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { planSystemd } from '../../modules/systemd.js'
import { service, type ServiceArgs } from '../../modules/service.js'
import { parseSysvFacts, sysvGatherScript, sysvRunning, type SysvFacts } from '../../src/module/sysv-service.js'
import { parseSystemctlShow, parseSystemdFacts, systemdGatherScript, type SystemdArgs, type SystemdFacts } from '../../src/module/systemd-unit.js'
import type { Plan } from '../../src/module/types.js'
import { args } from './fixtures.js'

const sysv = (extra: Partial<SysvFacts> = {}): SysvFacts => ({ service: '/usr/sbin/service', updateRcd: '/usr/sbin/update-rc.d', initscript: true, startLinks: false, killLinks: false, ...extra })
const svc = (raw: Record<string, unknown>, facts: SysvFacts, check = false) => service.plan(args<ServiceArgs>('service', { name: 'app', ...raw }), { manager: 'sysv', sysv: facts }, { check, diff: false })
const argvs = (plan: Plan) => (plan.changed ? plan.steps.map((s) => (s.kind === 'exec' ? s.argv.join(' ') : `write ${s.path}`)) : [])
const stopped = { rc: 3, stdout: 'app is not running' }
const running = { rc: 0, stdout: 'app is running' }

test('init-script status: LSB exit codes first, then one-line keywords, then rc 0', () => {
  assert.equal(sysvRunning('app', { rc: 3, stdout: '' }), false)
  assert.equal(sysvRunning('app', { rc: 0, stdout: 'app is running.' }), true)
  assert.equal(sysvRunning('app', { rc: 0, stdout: 'app stopped' }), false)
  assert.equal(sysvRunning('app', { rc: 0, stdout: 'app is not running' }), false)
  assert.equal(sysvRunning('app', { rc: 0, stdout: 'line one\nline two stopped' }), true)
  assert.equal(sysvRunning('app', { rc: 5, stdout: 'line one\nline two' }), undefined)
})

test('started/stopped act only on a difference; restarted always stops and starts', () => {
  assert.deepEqual(argvs(svc({ state: 'started' }, sysv({ status: stopped }))), ['/usr/sbin/service app start'])
  const same = svc({ state: 'started' }, sysv({ status: running }))
  assert.deepEqual([same.changed, same.result], [false, { name: 'app', state: 'started' }])
  assert.deepEqual(argvs(svc({ state: 'stopped' }, sysv({ status: running }))), ['/usr/sbin/service app stop'])
  assert.equal(svc({ state: 'stopped' }, sysv({ status: stopped })).changed, false)
  assert.deepEqual(argvs(svc({ state: 'restarted', sleep: 2 }, sysv({ status: running }))), ['/usr/sbin/service app stop', 'sleep 2', '/usr/sbin/service app start'])
  assert.deepEqual(argvs(svc({ state: 'reloaded' }, sysv({ status: stopped }))), ['/usr/sbin/service app start'])
  assert.deepEqual(argvs(svc({ state: 'reloaded', arguments: '--fast "x y"' }, sysv({ status: running }))), ['/usr/sbin/service app reload --fast x y'])
  assert.deepEqual(argvs(svc({ state: 'started' }, sysv({ service: undefined, status: stopped }))), ['/etc/init.d/app start'])
})

test('enabled: update-rc.d defaults then enable when no links; disable keeps the links', () => {
  const enable = svc({ enabled: true }, sysv())
  assert.deepEqual(argvs(enable), ['/usr/sbin/update-rc.d app defaults', '/usr/sbin/update-rc.d app enable'])
  assert.deepEqual(enable.result, { name: 'app', enabled: true })
  assert.deepEqual(argvs(svc({ enabled: true }, sysv({ killLinks: true }))), ['/usr/sbin/update-rc.d app enable'])
  assert.equal(svc({ enabled: true }, sysv({ startLinks: true })).changed, false)
  assert.deepEqual(argvs(svc({ enabled: false }, sysv({ startLinks: true, killLinks: true }))), ['/usr/sbin/update-rc.d app disable'])
})

test('check mode: a state change reports only Ansible\'s message; pattern reads ps', () => {
  const plan = svc({ state: 'started' }, sysv({ status: stopped }), true)
  assert.deepEqual([plan.changed, plan.changed && plan.steps, plan.result], [true, [], { msg: 'service state changed' }])
  assert.equal(svc({ state: 'started', pattern: 'appd --serve' }, sysv({ ps: 'root 1 0 appd --serve\n' })).changed, false)
  assert.equal(svc({ state: 'started', pattern: 'appd --serve' }, sysv({ ps: 'root 1 0 other\n' })).changed, true)
})

test('failures as Ansible words them: no init script, unknown status, neither state nor enabled', () => {
  assert.equal((svc({ state: 'started' }, sysv({ initscript: false })) as { msg: string }).msg, 'Could not find the requested service app: host')
  assert.equal((svc({ state: 'started' }, sysv({ status: { rc: 5, stdout: 'a\nb' } })) as { msg: string }).msg, 'failed determining service state, possible typo of service name?')
  assert.equal((svc({}, sysv()) as { msg: string }).msg, 'one of the following is required: state, enabled')
})

test('gathered init-script facts parse; names are quoted in the probe', () => {
  const out = '@@sysv:service\n/usr/sbin/service\n@@sysv:updatercd\n/usr/sbin/update-rc.d\n@@sysv:initscript\nyes\n@@sysv:links\nK\nK\nS\n@@sysv:status\n3\napp is not running\n@@sysv:end\n'
  const a = args<ServiceArgs>('service', { name: 'app', state: 'started' })
  assert.deepEqual(parseSysvFacts(out, a), { service: '/usr/sbin/service', updateRcd: '/usr/sbin/update-rc.d', initscript: true, startLinks: true, killLinks: true, status: { rc: 3, stdout: 'app is not running' } })
  const script = sysvGatherScript(args<ServiceArgs>('service', { name: "a'$(x)", state: 'started' }))
  assert.ok(script.includes(`service 'a'\\''$(x)' status`) && !script.includes(`service a'$(x)`))
})

const sd = (extra: Partial<SystemdFacts> = {}): SystemdFacts => ({ systemctl: '/usr/bin/systemctl', booted: true, path: '/usr/bin', initscript: false, sysvEnabled: false, show: { rc: 0, out: 'Id=app.service\nLoadState=loaded\nActiveState=inactive\n', err: '' }, isEnabled: { rc: 1, out: 'disabled' }, ...extra })
const unit = (raw: Record<string, unknown>, facts: SystemdFacts, check = false) => planSystemd(args<SystemdArgs>('systemd', { name: 'app', ...raw }), facts, { check })

test('systemd: start, enable, mask and the status dict; nothing to do when in state', () => {
  const plan = unit({ state: 'started', enabled: true }, sd())
  assert.deepEqual(argvs(plan), ['/usr/bin/systemctl enable -- app', '/usr/bin/systemctl start -- app'])
  assert.deepEqual(plan.result, { name: 'app', status: { Id: 'app.service', LoadState: 'loaded', ActiveState: 'inactive' }, enabled: true, state: 'started' })
  const active = sd({ show: { rc: 0, out: 'LoadState=loaded\nActiveState=active\n', err: '' }, isEnabled: { rc: 0, out: 'enabled' } })
  assert.equal(unit({ state: 'started', enabled: true }, active).changed, false)
  assert.deepEqual(argvs(unit({ state: 'reloaded' }, active)), ['/usr/bin/systemctl reload -- app'])
  assert.deepEqual(argvs(unit({ state: 'restarted', no_block: true, scope: 'user' }, active)), ['/usr/bin/systemctl --user --no-block restart -- app'])
  assert.deepEqual(argvs(unit({ masked: true }, active)), ['/usr/bin/systemctl mask -- app'])
  assert.equal(unit({ enabled: true }, sd({ isEnabled: { rc: 0, out: 'indirect' } })).changed, true)
})

test('systemd: missing systemctl, systemd not running, unknown unit — clear failures', () => {
  assert.match((unit({ state: 'started' }, sd({ systemctl: undefined, path: '/usr/bin:/bin' })) as { msg: string }).msg, /^Failed to find required executable "systemctl" in paths: \/usr\/bin:\/bin$/)
  const offline = unit({ state: 'started' }, sd({ booted: false, show: { rc: 1, out: '', err: "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down" } }))
  assert.match((offline as { msg: string }).msg, /^System has not been booted with systemd/)
  const unknown = sd({ show: { rc: 0, out: 'LoadState=not-found\nActiveState=inactive\n', err: '' }, isEnabled: { rc: 1, out: '' } })
  assert.equal((unit({ state: 'started' }, unknown) as { msg: string }).msg, 'Could not find the requested service app: host')
  assert.match((unit({ name: 'a*', state: 'started' }, sd()) as { msg: string }).msg, /glob patterns, found '\*'/)
})

test('systemd facts and multi-line show values parse; daemon-reload is left out of check mode', () => {
  assert.deepEqual(parseSystemctlShow('ExecStart={ path=/bin/app ; argv[]=/bin/app\n  --x ; }\nA=b\n'), { ExecStart: '{ path=/bin/app ; argv[]=/bin/app\n  --x ; }', A: 'b' })
  const out = '@@sd:systemctl\n/usr/bin/systemctl\n@@sd:booted\nyes\n@@sd:path\n/bin\n@@sd:show\n0\nLoadState=loaded\n@@sd:showerr\n@@sd:isenabled\n0\nenabled\n@@sd:initscript\n@@sd:sysvlinks\n@@sd:end\n'
  const facts = parseSystemdFacts(out)
  assert.deepEqual([facts.show, facts.isEnabled, facts.booted], [{ rc: 0, out: 'LoadState=loaded', err: '' }, { rc: 0, out: 'enabled' }, true])
  const a = args<SystemdArgs>('systemd', { name: 'app', daemon_reload: true })
  assert.ok(systemdGatherScript(a, false).includes('daemon-reload'))
  assert.ok(!systemdGatherScript(a, true).includes('daemon-reload'))
})
