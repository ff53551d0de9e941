/** apt's decisions as fixtures: gathered dpkg/apt-cache output + args → the apt-get command (or none). */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cacheNeedsUpdate, parseAptDiff, planDebs, planInstall, planRemove, unsupported, argumentError, type AptArgs } from '../../src/module/apt-plan.js'
import { debGatherScript, parseDebGather, parsePolicy, type DebPackage } from '../../src/module/deb-packages.js'
import { compareDebVersions } from '../../src/module/deb-version.js'
import { args } from './fixtures.js'

const apt = (raw: Record<string, unknown>) => args<AptArgs>('apt', raw)
const pkg = (name: string, extra: Partial<DebPackage> = {}): DebPackage => ({ name, versions: [], known: true, auto: false, ...extra })
const notInstalled = pkg('hello', { candidate: '2.0', versions: ['2.0', '1.0'] })
const oldInstalled = pkg('hello', { status: 'install ok installed', installed: '1.0', candidate: '2.0', versions: ['2.0', '1.0'] })
const newInstalled = pkg('hello', { status: 'install ok installed', installed: '2.0', candidate: '2.0', versions: ['2.0', '1.0'] })
const installArgv = (plan: ReturnType<typeof planInstall>) => (plan.failed ? plan.msg : plan.command?.argv.slice(plan.command.argv.indexOf('--') + 1))

test('Debian version order: epochs, revisions, tilde before everything, letters before symbols', () => {
  const sorted = ['1:0.1', '1.0~rc1', '1.0', '1.0-1', '1.0-1+b1', '1.0a', '1.0+x', '1.1', '1.10', '2.0']
  for (let i = 0; i < sorted.length; i++) for (let j = 0; j < sorted.length; j++) {
    const expected = Math.sign(i - j) * (sorted[i] === '1:0.1' || sorted[j] === '1:0.1' ? -1 : 1)
    if (sorted[i] === '1:0.1' && sorted[j] === '1:0.1') continue
    assert.equal(Math.sign(compareDebVersions(sorted[i]!, sorted[j]!)), expected, `${sorted[i]} vs ${sorted[j]}`)
  }
  assert.equal(compareDebVersions('1.0', '1.00'), 0)
  assert.equal(compareDebVersions('5.2.15-2+b13', '5.2.15-2+b8') > 0, true)
})

test('gather output: dpkg status, policy candidate and version table, auto marks, cache times', () => {
  const stdout = [
    '@@apt:mtime', '1700000000', '@@apt:now', '1700000100',
    '@@dpkg:p0', 'install ok installed|1.0',
    '@@policy:p0', 'hello:', '  Installed: 1.0', '  Candidate: 2.0', '  Version table:', '     2.0 500', '        500 file:/srv/repo ./ Packages', ' *** 1.0 100', '        100 /var/lib/dpkg/status',
    '@@dpkg:p1', 'deinstall ok config-files|0.5',
    '@@policy:p1',
    '@@apt:auto', 'hello',
    '@@apt:end', '',
  ].join('\n')
  const facts = parseDebGather(stdout, ['hello', 'gone'])
  assert.deepEqual(facts.cache, { mtime: 1700000000, now: 1700000100 })
  assert.deepEqual(facts.packages[0], { name: 'hello', status: 'install ok installed', installed: '1.0', known: true, candidate: '2.0', versions: ['2.0', '1.0'], auto: true })
  assert.deepEqual(facts.packages[1], { name: 'gone', status: 'deinstall ok config-files', installed: undefined, known: false, versions: [], auto: false })
  assert.deepEqual(parsePolicy('x:\n  Installed: (none)\n  Candidate: (none)\n  Version table:\n'), { known: true, candidate: undefined, versions: [] })
})

test('present: installs a missing package pinned to the candidate; nothing when installed (even if older)', () => {
  const plan = planInstall(apt({ name: 'hello' }), ['hello'], [notInstalled], false)
  assert.deepEqual(installArgv(plan), ['hello=2.0'])
  assert.ok(!plan.failed && plan.command!.argv.includes('install') && plan.command!.argv.slice(0, 7).join(' ').startsWith('env DEBIAN_FRONTEND=noninteractive'))
  assert.equal(!plan.failed && plan.command!.display, `/usr/bin/apt-get -y -o "Dpkg::Options::=--force-confdef" -o "Dpkg::Options::=--force-confold"       install 'hello=2.0'`)
  assert.equal(installArgv(planInstall(apt({ name: 'hello' }), ['hello'], [oldInstalled], false)), undefined)
})

test('latest: upgrades an old version, nothing when the candidate is installed', () => {
  assert.deepEqual(installArgv(planInstall(apt({ name: 'hello', state: 'latest' }), ['hello'], [oldInstalled], false)), ['hello=2.0'])
  assert.equal(installArgv(planInstall(apt({ name: 'hello', state: 'latest' }), ['hello'], [newInstalled], false)), undefined)
})

test('pinned versions: = with globs, >= comparisons, only_upgrade, check mode simulates', () => {
  assert.deepEqual(installArgv(planInstall(apt({ name: 'hello=1.*' }), ['hello=1.*'], [notInstalled], false)), ['hello=1.0'])
  assert.deepEqual(installArgv(planInstall(apt({ name: 'hello=1.0' }), ['hello=1.0'], [newInstalled], false)), ['hello=1.0'])
  assert.equal(installArgv(planInstall(apt({ name: 'hello>=1.0' }), ['hello>=1.0'], [oldInstalled], false)), undefined)
  assert.deepEqual(installArgv(planInstall(apt({ name: 'hello>=1.5' }), ['hello>=1.5'], [oldInstalled], false)), ['hello=2.0'])
  assert.equal(installArgv(planInstall(apt({ name: 'hello=3.*' }), ['hello=3.*'], [notInstalled], false)), 'no available installation candidate for hello=3.*')
  assert.equal(installArgv(planInstall(apt({ name: 'hello', only_upgrade: true }), ['hello'], [notInstalled], false)), undefined)
  const check = planInstall(apt({ name: 'hello' }), ['hello'], [notInstalled], true)
  assert.ok(!check.failed && check.command!.argv.includes('--simulate') && check.command!.display.includes(' --simulate install '))
})

test('unknown packages fail as Ansible says; virtual ones are left to apt-get', () => {
  assert.equal(installArgv(planInstall(apt({ name: 'nope' }), ['nope'], [pkg('nope', { known: false })], false)), "No package matching 'nope' is available")
  assert.deepEqual(installArgv(planInstall(apt({ name: 'mta' }), ['mta'], [pkg('mta')], false)), ['mta'])
})

test('absent: removes installed packages; with purge also config-files leftovers', () => {
  const leftovers = pkg('hello', { status: 'deinstall ok config-files' })
  assert.equal(planRemove(apt({ name: 'hello', state: 'absent' }), ['hello'], [leftovers], false), undefined)
  const purge = planRemove(apt({ name: 'hello', state: 'absent', purge: true }), ['hello'], [leftovers], false)
  assert.ok(purge?.argv.includes('--purge'))
  assert.equal(purge?.display, `/usr/bin/apt-get -q -y -o "Dpkg::Options::=--force-confdef" -o "Dpkg::Options::=--force-confold" --purge    remove 'hello'`)
  assert.deepEqual(planRemove(apt({ name: 'hello', state: 'absent' }), ['hello'], [oldInstalled], false)?.argv.slice(-2), ['--', 'hello'])
  assert.equal(planRemove(apt({ name: 'hello', state: 'absent' }), ['hello'], [pkg('hello', { known: false })], false), undefined)
})

test('deb: installs with dpkg -i unless the same version is installed', () => {
  const file = { path: '/tmp/hello_2.0_all.deb', name: 'hello', version: '2.0' }
  const plan = planDebs(apt({ deb: file.path }), [{ ...file, installed: '1.0' }], false)
  assert.ok(!plan.failed && plan.command?.argv.join(' ').endsWith('dpkg --force-confdef --force-confold -i -- /tmp/hello_2.0_all.deb'))
  assert.deepEqual(planDebs(apt({ deb: file.path }), [{ ...file, installed: '2.0' }], false), {})
  assert.equal((planDebs(apt({ deb: '/x.deb' }), [{ path: '/x.deb', error: 'dpkg-deb: error: failed to read archive' }], false) as { msg: string }).msg, 'Unable to install package: dpkg-deb: error: failed to read archive')
})

test('cache_valid_time: update only when older; update_cache alone always', () => {
  assert.equal(cacheNeedsUpdate(apt({ update_cache: true }), { mtime: 100, now: 100 }), false)
  assert.equal(cacheNeedsUpdate(apt({ update_cache: true }), { mtime: 99, now: 100 }), true)
  assert.equal(cacheNeedsUpdate(apt({ update_cache: true, cache_valid_time: 3600 }), { mtime: 100, now: 3000 }), false)
  assert.equal(cacheNeedsUpdate(apt({ cache_valid_time: 3600 }), { mtime: 100, now: 9000 }), true)
  assert.equal(cacheNeedsUpdate(apt({ name: 'x' }), { mtime: 0, now: 9000 }), false)
})

test('argument rules: one of the required, deb only with present, unsupported modes refused', () => {
  assert.equal(argumentError(apt({})), 'one of the following is required: autoremove, deb, package, update_cache, upgrade')
  assert.equal(argumentError(apt({ name: 'x', deb: '/x.deb' })), 'parameters are mutually exclusive: deb|package|upgrade')
  assert.equal(unsupported(apt({ deb: '/x.deb', state: 'absent' })), 'deb only supports state=present')
  assert.match(unsupported(apt({ name: 'x', upgrade: 'dist' })) ?? '', /upgrade=dist/)
  assert.match(unsupported(apt({ name: 'lib*' })) ?? '', /patterns/)
  assert.equal(unsupported(apt({ name: 'a=1=2' })), 'invalid package spec: a=1=2')
})

test('diff: the part of apt-get output between the state line and the summary', () => {
  const out = 'Reading package lists...\nBuilding dependency tree...\nReading state information...\nThe following NEW packages will be installed:\n  hello\n0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.\nInst hello (2.0)\n'
  assert.deepEqual(parseAptDiff(out), { prepared: 'The following NEW packages will be installed:\n  hello\n0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.' })
})

test('hostile names reach the host only as quoted words after --', () => {
  const names = ["sp ace'q\"", '$(touch x)', '`touch x`', 'new\nline', '-dash']
  const script = debGatherScript(names, ['-x.deb'])
  for (const name of names) assert.ok(script.includes(`-- '${name.replace(/'/g, `'\\''`)}'`), name)
  const plan = planInstall(apt({ name: names }), names, names.map((n) => pkg(n, { candidate: '1' })), false)
  assert.ok(!plan.failed && plan.command!.argv.slice(plan.command!.argv.indexOf('--')).join('|') === ['--', ...names.map((n) => `${n}=1`)].join('|'))
})
