/**
 * copy of directory trees end to end: `drover run` over a real sshd host (harness), from the
 * controller and with remote_src; end state checked on the host's filesystem, --check changing
 * nothing, a second run reporting no change.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { useOneHost } from './one-host.js'

const host = useOneHost()

async function copy(args: string, extra: string[] = []) {
  const run = await host.adhoc('copy', args, extra)
  assert.equal(run.code, 0, run.stdout + run.stderr)
  return run.stdout
}

test('copy a controller directory tree to a host: --check, apply, then unchanged', async () => {
  const src = join(host.harness.dir, 'site')
  mkdirSync(join(src, 'css'), { recursive: true })
  writeFileSync(join(src, 'index.html'), '<h1>hi</h1>\n')
  writeFileSync(join(src, 'css', 'main.css'), 'body{}\n')
  const dest = join(host.scratch, 'www')
  const args = `src=${src} dest=${dest}/ mode=0640 directory_mode=0750`
  assert.match(await copy(args, ['--check']), /^h1 \| CHANGED => /m)
  assert.equal(existsSync(dest), false, '--check changed nothing on the host')
  assert.match(await copy(args), /^h1 \| CHANGED => /m)
  assert.equal(readFileSync(join(dest, 'site', 'css', 'main.css'), 'utf8'), 'body{}\n')
  assert.equal(statSync(join(dest, 'site', 'index.html')).mode & 0o777, 0o640)
  assert.equal(statSync(join(dest, 'site', 'css')).mode & 0o777, 0o750)
  assert.match(await copy(args), /^h1 \| SUCCESS => /m)
  writeFileSync(join(src, 'css', 'main.css'), 'body{color:red}\n')
  assert.match(await copy(args, ['--check']), /^h1 \| CHANGED => /m)
  assert.equal(readFileSync(join(dest, 'site', 'css', 'main.css'), 'utf8'), 'body{}\n', '--check left the old content')
  assert.match(await copy(args), /^h1 \| CHANGED => /m)
  assert.equal(readFileSync(join(dest, 'site', 'css', 'main.css'), 'utf8'), 'body{color:red}\n')
})

test('copy a directory already on the host (remote_src): merged into dest, then unchanged', async () => {
  const src = join(host.scratch, 'release')
  mkdirSync(join(src, 'bin'), { recursive: true })
  writeFileSync(join(src, 'bin', 'run'), '#!/bin/sh\n')
  const dest = join(host.scratch, 'current')
  const args = `src=${src}/ dest=${dest} remote_src=true`
  assert.match(await copy(args, ['--check']), /^h1 \| CHANGED => /m)
  assert.equal(existsSync(dest), false, '--check changed nothing on the host')
  assert.match(await copy(args), /^h1 \| CHANGED => /m)
  assert.equal(readFileSync(join(dest, 'bin', 'run'), 'utf8'), '#!/bin/sh\n')
  assert.match(await copy(args), /^h1 \| SUCCESS => /m)
})
