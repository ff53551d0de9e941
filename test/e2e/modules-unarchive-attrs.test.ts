/**
 * unarchive with owner/group/mode end to end: `drover run` over a real sshd host (harness); the
 * mode lands on every extracted path, --check changes nothing, a second run is unchanged.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { useOneHost } from './one-host.js'

const host = useOneHost()

async function unarchive(args: string, extra: string[] = []) {
  const run = await host.adhoc('unarchive', args, extra)
  assert.equal(run.code, 0, run.stdout + run.stderr)
  return run.stdout
}

test('unarchive from the controller with mode: --check, apply, unchanged, then a mode change', async () => {
  const content = join(host.harness.dir, 'content')
  mkdirSync(join(content, 'bin'), { recursive: true })
  writeFileSync(join(content, 'bin', 'tool'), '#!/bin/sh\n')
  const archive = join(host.harness.dir, 'tool.tgz')
  execFileSync('tar', ['-czf', archive, '-C', content, 'bin'])
  const dest = join(host.scratch, 'opt')
  mkdirSync(dest)
  execFileSync('chown', [`${host.harness.user}:`, dest])
  const args = `src=${archive} dest=${dest} mode=u=rwX,g=rX,o=`
  assert.match(await unarchive(args, ['--check']), /^h1 \| CHANGED => /m)
  assert.throws(() => statSync(join(dest, 'bin')), '--check extracted nothing')
  assert.match(await unarchive(args), /^h1 \| CHANGED => /m)
  assert.equal(statSync(join(dest, 'bin')).mode & 0o777, 0o750)
  assert.equal(statSync(join(dest, 'bin', 'tool')).mode & 0o777, 0o640)
  assert.match(await unarchive(args), /^h1 \| SUCCESS => /m)
  assert.match(await unarchive(`src=${archive} dest=${dest} mode=0700`), /^h1 \| CHANGED => /m)
  assert.equal(statSync(join(dest, 'bin', 'tool')).mode & 0o777, 0o700)
  assert.match(await unarchive(`src=${archive} dest=${dest} mode=0700`), /^h1 \| SUCCESS => /m)
})
