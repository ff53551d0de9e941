/**
 * git: plan fixtures (gathered facts → steps), then real clones over a LocalConnection from a bare
 * repository made here: clone, idempotency (one frame when up to date), branch/tag/sha, --check
 * touching nothing, local modifications, and a hostile dest.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { planGit, type GitArgs } from '../../modules/git.js'
import { LocalConnection } from '../../src/connection/local.js'
import { parseRefs, type GitFacts } from '../../src/module/git-facts.js'
import { args } from './fixtures.js'
import { assertIdempotent } from './idempotency.js'
import { runModule } from './run-module.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const T = 'c'.repeat(40)
const REFS = parseRefs(`ref: refs/heads/main\tHEAD\n${A}\tHEAD\n${A}\trefs/heads/main\n${B}\trefs/heads/dev\n${'d'.repeat(40)}\trefs/tags/v1\n${T}\trefs/tags/v1^{}\n`)
const gitArgs = (extra: Record<string, unknown> = {}) => args<GitArgs>('git', { repo: '/srv/repo.git', dest: '/opt/app', ...extra })
const repo = (extra: Partial<GitFacts> = {}): GitFacts => ({ isRepo: true, before: A, localMods: false, remoteUrl: '/srv/repo.git', localBranches: ['main'], refs: REFS, ...extra })
const argvs = (plan: ReturnType<typeof planGit>) => (plan.changed ? plan.steps.map((s) => (s.kind === 'exec' ? s.argv.join(' ') : 'write')) : [])

test('parseRefs: symbolic HEAD, branches, and annotated tags peeled', () => {
  assert.equal(REFS.headBranch, 'main')
  assert.equal(REFS.head, A)
  assert.equal(REFS.branches.get('dev'), B)
  assert.equal(REFS.tags.get('v1'), T)
})

test('plan git: a missing clone is cloned; --check reports the remote revision', () => {
  const facts: GitFacts = { isRepo: false, localMods: false, localBranches: [], refs: REFS }
  const plan = planGit(gitArgs(), facts, { check: false })
  assert.deepEqual(argvs(plan), ['mkdir -p -- /opt', 'git clone --origin origin -- /srv/repo.git /opt/app'])
  assert.deepEqual(planGit(gitArgs(), facts, { check: true }).result, { before: null, after: A })
  const tag = planGit(gitArgs({ version: 'v1', depth: 1 }), facts, { check: false })
  assert.deepEqual(argvs(tag).slice(1), ['git clone --origin origin --depth 1 --branch v1 -- /srv/repo.git /opt/app', 'git -C /opt/app checkout --force v1'])
  const branch = planGit(gitArgs({ version: 'dev', accept_hostkey: true }), facts, { check: false })
  assert.deepEqual(argvs(branch).slice(1), ['env GIT_SSH_COMMAND=ssh -o StrictHostKeyChecking=no git clone --origin origin -- /srv/repo.git /opt/app', 'git -C /opt/app checkout --track -b dev origin/dev'])
})

test('plan git: up to date → unchanged; behind → fetch and reset; url changed; update=no', () => {
  assert.deepEqual(planGit(gitArgs(), repo(), { check: false }), { changed: false, result: { before: A, after: A, remote_url_changed: false } })
  assert.equal(planGit(gitArgs({ version: 'aaaaaaa' }), repo(), { check: false }).changed, false, 'an abbreviated sha HEAD is at')
  const behind = planGit(gitArgs({ version: 'dev' }), repo(), { check: false })
  assert.deepEqual(argvs(behind), ['git -C /opt/app fetch origin +refs/heads/*:refs/remotes/origin/* +refs/tags/*:refs/tags/*', 'git -C /opt/app checkout --track -b dev origin/dev'])
  const moved = planGit(gitArgs({ repo: '/srv/other.git' }), repo(), { check: true })
  assert.deepEqual(moved.result, { before: A, after: A, remote_url_changed: true })
  assert.equal(planGit(gitArgs({ update: false, version: 'dev' }), repo(), { check: false }).changed, false)
})

test('plan git: local modifications fail without force, are reset with it', () => {
  const dirty = repo({ localMods: true })
  const failed = planGit(gitArgs(), dirty, { check: false })
  assert.equal(failed.failed && failed.msg, 'Local modifications exist in the destination: /opt/app (force=no).')
  const forced = planGit(gitArgs({ force: true }), dirty, { check: false })
  assert.equal(argvs(forced)[0], 'git -C /opt/app reset --hard HEAD')
  assert.equal(forced.result?.msg, 'Local modifications exist in the destination: /opt/app')
  const unreadable = planGit(gitArgs(), { isRepo: false, localMods: false, localBranches: [], remoteError: "fatal: '/nope' does not appear to be a git repository" }, { check: false })
  assert.match(unreadable.failed ? unreadable.msg : '', /does not appear to be a git repository/)
})

let dir: string
let bare: string
let connection: LocalConnection
const run = (cwd: string, ...a: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...a], { cwd, encoding: 'utf8' }).trim()
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-git-'))
  bare = join(dir, 'repo.git')
  const work = join(dir, 'work')
  run(dir, 'init', '-q', '-b', 'main', work)
  writeFileSync(join(work, 'f.txt'), 'one\n')
  run(work, 'add', '.')
  run(work, 'commit', '-qm', 'one')
  run(work, 'tag', '-a', '-m', 'v1', 'v1')
  writeFileSync(join(work, 'f.txt'), 'two\n')
  run(work, 'commit', '-qam', 'two')
  run(work, 'checkout', '-qb', 'dev')
  writeFileSync(join(work, 'f.txt'), 'dev\n')
  run(work, 'commit', '-qam', 'dev')
  run(work, 'checkout', '-q', 'main')
  run(dir, 'clone', '-q', '--bare', work, bare)
  connection = new LocalConnection('localhost')
})
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

test('git over a LocalConnection: clone, versions, --check, local changes, hostile dest', async () => {
  const dest = join(dir, `-co $(touch drover-pwned-canary) 'q'`, 'app')
  const check = await runModule(connection, 'git', { repo: bare, dest }, { check: true })
  assert.equal(check.changed, true)
  assert.equal(existsSync(dest), false, '--check cloned nothing')
  const main = run(bare, 'rev-parse', 'main')
  const { first } = await assertIdempotent(connection, 'git', { repo: bare, dest })
  assert.deepEqual({ before: first.before, after: first.after }, { before: null, after: main })
  assert.equal(readFileSync(join(dest, 'f.txt'), 'utf8'), 'two\n')
  const v1 = run(bare, 'rev-parse', 'v1^{}')
  const tag = await assertIdempotent(connection, 'git', { repo: bare, dest, version: 'v1' })
  assert.deepEqual({ before: tag.first.before, after: tag.first.after }, { before: main, after: v1 })
  assert.equal(readFileSync(join(dest, 'f.txt'), 'utf8'), 'one\n')
  await assertIdempotent(connection, 'git', { repo: bare, dest, version: 'dev' })
  assert.equal(readFileSync(join(dest, 'f.txt'), 'utf8'), 'dev\n')
  await assertIdempotent(connection, 'git', { repo: bare, dest, version: main.slice(0, 10) })
  assert.equal(readFileSync(join(dest, 'f.txt'), 'utf8'), 'two\n')
  writeFileSync(join(dest, 'f.txt'), 'edited\n')
  const dirty = await runModule(connection, 'git', { repo: bare, dest, version: 'dev' })
  assert.equal(dirty.failed, true)
  assert.equal(readFileSync(join(dest, 'f.txt'), 'utf8'), 'edited\n', 'a failed task leaves local changes')
  const forced = await runModule(connection, 'git', { repo: bare, dest, version: 'dev', force: true })
  assert.equal(forced.changed, true, JSON.stringify(forced))
  assert.equal(readFileSync(join(dest, 'f.txt'), 'utf8'), 'dev\n')
  const shallow = join(dir, 'shallow')
  await assertIdempotent(connection, 'git', { repo: `file://${bare}`, dest: shallow, depth: 1, version: 'main' })
  assert.equal(run(shallow, 'rev-list', '--count', 'HEAD'), '1')
  assert.equal(existsSync(join(process.cwd(), 'drover-pwned-canary')), false)
})
