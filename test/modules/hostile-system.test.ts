/**
 * Issue 8 acceptance 4 for apt, package, service, systemd, sysctl and reboot: hostile names are data.
 * The read-only probes these modules send are run here for real with sh (they change nothing), in a
 * directory where a canary file would appear if any part of a name were executed.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { rebootScript, type RebootArgs } from '../../modules/reboot.js'
import { sysctl, type SysctlArgs } from '../../modules/sysctl.js'
import { debGatherScript, parseDebGather } from '../../src/module/deb-packages.js'
import { packagesProbe } from '../../src/module/package-managers.js'
import { parseSysvFacts, sysvGatherScript, type ServiceArgs } from '../../src/module/sysv-service.js'
import { systemdGatherScript, type SystemdArgs } from '../../src/module/systemd-unit.js'
import { args } from './fixtures.js'

const PAYLOAD = 'touch drover-pwned-canary'
const NAMES = [`sp ace 'q"uote`, `$(${PAYLOAD})`, `\`${PAYLOAD}\``, `new\nline`, `-dash`, `;${PAYLOAD};`, `--help`]
let dir: string

/** Runs a probe as the module would send it, in the canary's directory; a probe may fail, never execute data. */
function run(script: string): string {
  try {
    return execFileSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 })
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '')
  }
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-hostile-sys-'))
})
after(() => {
  rmSync(dir, { recursive: true, force: true })
})

test('apt and package probes: hostile package and .deb names reach dpkg-query, apt-cache and rpm as single words', () => {
  const out = run(debGatherScript(NAMES, NAMES))
  const facts = parseDebGather(out, NAMES, NAMES)
  assert.equal(facts.packages.length, NAMES.length)
  assert.ok(facts.packages.every((p) => p.installed === undefined), JSON.stringify(facts.packages))
  assert.ok(facts.debs.every((d) => d.error !== undefined))
  for (const manager of ['dnf', 'apk'] as const) run(packagesProbe(manager, NAMES))
  assert.equal(existsSync(join(dir, 'drover-pwned-canary')), false)
})

test('service and systemd probes: hostile service names and arguments', () => {
  for (const name of NAMES) {
    const a = args<ServiceArgs>('service', { name, state: 'started', arguments: `x ${PAYLOAD.replace(/ /g, '\\ ')} "$(${PAYLOAD})"` })
    const facts = parseSysvFacts(run(sysvGatherScript(a)), a)
    assert.equal(facts.initscript, false)
    assert.equal(facts.startLinks, false)
    run(systemdGatherScript(args<SystemdArgs>('systemd', { name, state: 'started' }), true))
  }
  assert.equal(existsSync(join(dir, 'drover-pwned-canary')), false)
})

test('sysctl probe: hostile keys and file names', async () => {
  for (const name of NAMES) {
    const facts = await sysctl.gather(args<SysctlArgs>('sysctl', { name, value: '1', sysctl_file: join(dir, name) }), { run: async (c) => ({ rc: 0, stdout: Buffer.from(run(c)), stderr: Buffer.alloc(0) }) })
    assert.equal(facts.file, undefined)
  }
  assert.equal(existsSync(join(dir, 'drover-pwned-canary')), false)
})

test('reboot: a hostile message and search paths are data (nothing found, nothing run)', () => {
  for (const name of NAMES) {
    const script = rebootScript(args<RebootArgs>('reboot', { msg: name, search_paths: [join(dir, name)] }))
    assert.equal(run(`( ${script} ); echo "rc=$?"`).trim(), 'rc=127')
    const custom = rebootScript(args<RebootArgs>('reboot', { reboot_command: `${name.split(' ')[0]} -r now`, search_paths: [join(dir, 'none')] }))
    assert.equal(run(`( ${custom} ); echo "rc=$?"`).trim(), 'rc=127')
  }
  assert.equal(existsSync(join(dir, 'drover-pwned-canary')), false)
})
