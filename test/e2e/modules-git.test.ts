/**
 * git end to end: `drover run` over a real sshd host (harness) cloning a bare repository made in the
 * test; --check clones nothing, a second run is unchanged, a new commit is pulled, and a dest with
 * shell metacharacters is data.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { useOneHost } from './one-host.js'

const host = useOneHost()

// The test's own git runs as whoever runs the tests, on repositories the login user owns.
function git(cwd: string, ...a: string[]): string {
  const config = join(host.harness.dir, 'test-gitconfig')
  writeFileSync(config, '[safe]\n\tdirectory = *\n[user]\n\tname = t\n\temail = t@example.com\n')
  return execFileSync('git', a, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: config } }).trim()
}

async function run(args: string, extra: string[] = []) {
  const result = await host.adhoc('git', args, extra)
  assert.equal(result.code, 0, result.stdout + result.stderr)
  return result.stdout
}

test('git clones, stays unchanged, pulls a new commit; --check touches nothing', async () => {
  const work = join(host.scratch, 'work')
  git(host.scratch, 'init', '-q', '-b', 'main', work)
  writeFileSync(join(work, 'README'), 'v1\n')
  git(work, 'add', '.')
  git(work, 'commit', '-qm', 'v1')
  const bare = join(host.scratch, 'repo.git')
  git(host.scratch, 'clone', '-q', '--bare', work, bare)
  // The host's login user reads the repository: git refuses repositories owned by someone else.
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', `${host.harness.user}:`, work, bare])
  const dest = join(host.scratch, `-app $(touch pwned) \`x\``)
  const args = `repo=${bare} dest='${dest}'`
  assert.match(await run(args, ['--check']), /^h1 \| CHANGED => /m)
  assert.equal(existsSync(dest), false, '--check cloned nothing')
  const first = await run(args)
  assert.match(first, /^h1 \| CHANGED => /m)
  assert.match(first, /"before": null/)
  assert.match(first, new RegExp(`"after": "${git(bare, 'rev-parse', 'main')}"`))
  assert.equal(readFileSync(join(dest, 'README'), 'utf8'), 'v1\n')
  assert.match(await run(args), /^h1 \| SUCCESS => /m)
  writeFileSync(join(work, 'README'), 'v2\n')
  git(work, 'commit', '-qam', 'v2')
  git(work, 'push', '-q', bare, 'main')
  assert.match(await run(args, ['--check']), /^h1 \| CHANGED => /m)
  assert.equal(readFileSync(join(dest, 'README'), 'utf8'), 'v1\n', '--check pulled nothing')
  assert.match(await run(args), /^h1 \| CHANGED => /m)
  assert.equal(readFileSync(join(dest, 'README'), 'utf8'), 'v2\n')
  assert.equal(existsSync(join(host.scratch, 'pwned')), false)
})
