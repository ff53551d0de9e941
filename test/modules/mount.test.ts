/**
 * mount: fstab editing fixtures (Ansible's rules: escaping, rewrite of a changed entry, 4-field
 * lines, swap entries), state plans from gathered facts, and fstab-only states over a
 * LocalConnection with `fstab` in a temp dir (real mounting runs on disposable hosts only).
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { mountinfoEscape, planMount, type MountArgs, type MountFacts } from '../../modules/mount.js'
import { LocalConnection } from '../../src/connection/local.js'
import { setMount, unsetMount } from '../../src/module/fstab-edit.js'
import { args, ENV, missing, present, stat } from './fixtures.js'
import { assertIdempotent } from './idempotency.js'
import { runModule } from './run-module.js'

const entry = { name: '/srv/data', src: '/dev/sdb1', fstype: 'ext4', opts: 'defaults', dump: '0', passno: '2' }

test('setMount: appended when missing, unchanged when equal, rewritten when a field differs', () => {
  const added = setMount('# fstab\nUUID=1 / ext4 defaults 0 1\n', entry)
  assert.deepEqual(added, { text: '# fstab\nUUID=1 / ext4 defaults 0 1\n/dev/sdb1 /srv/data ext4 defaults 0 2\n', changed: true })
  assert.deepEqual(setMount(added.text, entry), { text: added.text, changed: false })
  const opts = setMount('/dev/sdb1   /srv/data  ext4  defaults  0  2\n', { ...entry, opts: 'noatime' })
  assert.deepEqual(opts, { text: '/dev/sdb1 /srv/data ext4 noatime 0 2\n', changed: true })
  assert.equal(setMount('/dev/sdb1 /srv/data ext4 defaults', { ...entry, passno: '0' }).text, '/dev/sdb1 /srv/data ext4 defaults 0 0\n', '4 fields: dump and passno filled in')
  assert.equal(setMount('', { ...entry, name: '/mnt/my disk', src: 'a&b\\c' }).text, 'a\\046b\\134c /mnt/my\\040disk ext4 defaults 0 2\n')
})

test('unsetMount: only 6-field entries for the mount point go; a swap line is matched by its source', () => {
  const text = '/dev/sdb1 /srv/data ext4 defaults 0 2\n/dev/sdc1 /srv/other ext4 defaults 0 2\n/dev/sdd1 none swap sw 0 0\n'
  assert.deepEqual(unsetMount(text, '/srv/data'), { text: '/dev/sdc1 /srv/other ext4 defaults 0 2\n/dev/sdd1 none swap sw 0 0\n', changed: true })
  assert.deepEqual(unsetMount(text, 'none', '/dev/sdx'), { text, changed: false })
  assert.equal(unsetMount(text, 'none', '/dev/sdd1').changed, true)
  assert.equal(mountinfoEscape('/mnt/a b\\c'), '/mnt/a\\040b\\134c')
})

const mountArgs = (extra: Record<string, unknown>) => args<MountArgs>('mount', { path: '/srv/cache', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=8m', ...extra })
const facts = (extra: Partial<MountFacts> = {}): MountFacts => ({ env: ENV, fstab: present('/etc/fstab', stat('file', 0o644), { content: Buffer.from('') }), path: missing('/srv/cache'), ...extra })
const argvs = (plan: ReturnType<typeof planMount>) => (plan.changed ? plan.steps.map((s) => (s.kind === 'exec' ? s.argv.join(' ') : `write ${s.path} ${JSON.stringify(String(s.content))}`)) : [])

test('plan mount: mounted makes the mount point, writes fstab and mounts; unchanged when mounted and listed', () => {
  const plan = planMount(mountArgs({ state: 'mounted' }), facts(), { check: false, diff: false })
  assert.deepEqual(argvs(plan), ['mkdir -p -- /srv/cache', 'write /etc/fstab "tmpfs /srv/cache tmpfs size=8m 0 0\\n"', 'mount -- /srv/cache'])
  assert.deepEqual(plan.result, { name: '/srv/cache', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=8m', dump: '0', passno: '0', fstab: '/etc/fstab', boot: 'yes', backup_file: '' })
  const done = facts({ fstab: present('/etc/fstab', stat('file', 0o644), { content: Buffer.from('tmpfs /srv/cache tmpfs size=8m 0 0\n') }), path: present('/srv/cache', stat('directory', 0o755)), mounted: { fstype: 'tmpfs', src: 'tmpfs' } })
  assert.equal(planMount(mountArgs({ state: 'mounted' }), done, { check: false, diff: false }).changed, false)
  const remount = planMount(mountArgs({ state: 'mounted', opts: 'size=16m' }), done, { check: false, diff: false })
  assert.deepEqual(argvs(remount).slice(1), ['mount -o remount -- /srv/cache'])
  const other = planMount(mountArgs({ state: 'mounted', fstab: '/tmp/fstab', boot: false }), facts({ fstab: missing('/tmp/fstab') }), { check: false, diff: false })
  assert.deepEqual(argvs(other).slice(1), ['mkdir -p -- /tmp', 'write /tmp/fstab "tmpfs /srv/cache tmpfs size=8m,noauto 0 0\\n"', 'mount -T /tmp/fstab -- /srv/cache'])
})

test('plan mount: unmounted, absent, ephemeral, remounted; src and fstype required where Ansible requires them', () => {
  const mounted = facts({ path: present('/srv/cache', stat('directory', 0o755)), mounted: { fstype: 'tmpfs', src: 'tmpfs' }, fstab: present('/etc/fstab', stat('file', 0o644), { content: Buffer.from('tmpfs /srv/cache tmpfs size=8m 0 0\n') }) })
  assert.deepEqual(argvs(planMount(mountArgs({ state: 'unmounted' }), mounted, { check: false, diff: false })), ['umount -- /srv/cache'])
  assert.equal(planMount(mountArgs({ state: 'unmounted' }), facts(), { check: false, diff: false }).changed, false)
  assert.deepEqual(argvs(planMount(mountArgs({ state: 'absent' }), mounted, { check: false, diff: false })), ['write /etc/fstab ""', 'umount -- /srv/cache', 'rmdir -- /srv/cache'])
  assert.deepEqual(argvs(planMount(mountArgs({ state: 'ephemeral', src: '-x' }), facts(), { check: false, diff: false })), ['mkdir -p -- /srv/cache', 'mount -t tmpfs -o size=8m -- -x /srv/cache'])
  const busy = planMount(mountArgs({ state: 'ephemeral', src: 'other' }), mounted, { check: false, diff: false })
  assert.match(busy.failed ? busy.msg : '', /already mounted with a different source/)
  assert.deepEqual(argvs(planMount(mountArgs({ state: 'remounted' }), mounted, { check: false, diff: false })), ['mount -o remount,size=8m -- /srv/cache'])
  const missingSrc = planMount(args<MountArgs>('mount', { path: '/x', state: 'present' }), facts(), { check: false, diff: false })
  assert.equal(missingSrc.failed && missingSrc.msg, 'state is present but all of the following are missing: src, fstype')
})

let dir: string
let connection: LocalConnection
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-mount-'))
  connection = new LocalConnection('localhost')
})
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

test('fstab-only states with fstab in a temp dir: idempotent, --check writes nothing, backup, hostile paths', async () => {
  const fstab = join(dir, `fs tab $(touch drover-pwned-canary)`)
  writeFileSync(fstab, '# static\n')
  const path = `/mnt/-x $(touch drover-pwned-canary) \`y\``
  const task = { path, src: 'LABEL=data', fstype: 'ext4', opts: 'noatime', state: 'present', fstab, backup: true }
  assert.equal((await runModule(connection, 'mount', task, { check: true })).changed, true)
  assert.equal(readFileSync(fstab, 'utf8'), '# static\n')
  const { first } = await assertIdempotent(connection, 'mount', task)
  assert.match(String(first.backup_file), /\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/)
  assert.equal(readFileSync(String(first.backup_file), 'utf8'), '# static\n')
  assert.equal(readFileSync(fstab, 'utf8'), '# static\nLABEL=data /mnt/-x\\040$(touch\\040drover-pwned-canary)\\040`y` ext4 noatime 0 0\n')
  await assertIdempotent(connection, 'mount', { path, state: 'absent_from_fstab', fstab })
  assert.equal(readFileSync(fstab, 'utf8'), '# static\n')
  assert.equal(existsSync(path), false)
  assert.equal(existsSync(join(process.cwd(), 'drover-pwned-canary')), false)
})
