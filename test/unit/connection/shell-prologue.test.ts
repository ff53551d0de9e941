import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { test } from 'node:test'
import { SHELL_PROLOGUE } from '../../../src/connection/shell-session.js'
import { hostEnv, hostProbe, parseSections } from '../../../src/module/file-facts.js'

const isRoot = process.getuid?.() === 0

/** Runs the prologue then the host probe in one `sh`, optionally as another uid/gid (root only). */
function probe(as?: { uid: number; gid: number }): { env: ReturnType<typeof hostEnv>; leaked: string } {
  const script = `${SHELL_PROLOGUE}${hostProbe({ clock: false })}\necho '@@test:vars'; set | grep '^drover_' || true\n`
  const argv = as ? ['setpriv', `--reuid=${as.uid}`, `--regid=${as.gid}`, '--clear-groups', 'sh', '-c', script] : ['sh', '-c', script]
  const out = execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', cwd: '/' })
  const sections = parseSections(out)
  return { env: hostEnv(sections), leaked: (sections.get('test:vars') ?? '').trim() }
}

function idOf(as?: { uid: number; gid: number }): string {
  const argv = as ? ['setpriv', `--reuid=${as.uid}`, `--regid=${as.gid}`, '--clear-groups', 'id'] : ['id']
  return execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } })
}

/** What the host probe reports when `drover_id` is `id`'s own output, read by the same parser. */
function expected(id: string) {
  const { uid, user, gid, group } = hostEnv(new Map([['host:env', `0022\n\n\n${id.trim()}`]]))
  return { uid, user, gid, group }
}

test('the prologue finds the same user and group as `id`, without forking it, and leaves only drover_id set', () => {
  const { env, leaked } = probe()
  const { uid, user, gid, group } = env
  assert.deepEqual({ uid, user, gid, group }, expected(idOf()))
  assert.ok(user !== '' && group !== '')
  assert.match(leaked, /^drover_id='?uid=\d+\(/)
  assert.equal(leaked.split('\n').length, 1, `only drover_id stays in the session: ${leaked}`)
})

test('a user and group in the files but not first in them are found by number', { skip: !isRoot && 'needs root to switch user' }, () => {
  const as = { uid: 65534, gid: 65534 }
  const { uid, user, gid, group } = probe(as).env
  assert.deepEqual({ uid, user, gid, group }, expected(idOf(as)))
  assert.notEqual(user, '')
})

test('ids that the files do not name fall back to `id`, which prints them without names', { skip: !isRoot && 'needs root to switch user' }, () => {
  const as = { uid: 4242, gid: 4243 }
  const { uid, user, gid, group } = probe(as).env
  assert.deepEqual({ uid, user, gid, group }, { uid: 4242, user: '', gid: 4243, group: '' })
  const mixed = { uid: 65534, gid: 4243 }
  const env = probe(mixed).env
  assert.deepEqual({ uid: env.uid, user: env.user, gid: env.gid, group: env.group }, expected(idOf(mixed)))
})
