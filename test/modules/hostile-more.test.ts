/**
 * Issue 8 acceptance 4 for slurp, find, tempfile, fetch, script, unarchive and wait_for: hostile names
 * are data. A canary file in the shell's working directory proves nothing was executed.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { LocalConnection } from '../../src/connection/local.js'
import { runAny } from './run-any.js'

const PAYLOAD = 'touch drover-pwned-canary'
const NAMES = [`sp ace 'q"uote`, `$(${PAYLOAD})`, `\`${PAYLOAD}\``, `new\nline`, `-dash`, `;${PAYLOAD};`]
let dir: string
let canary: string
let connection: LocalConnection
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-hostile2-'))
  canary = join(process.cwd(), 'drover-pwned-canary')
  connection = new LocalConnection('localhost')
})
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

test('slurp, find, fetch, wait_for and tempfile with hostile names', async () => {
  const root = join(dir, 'files')
  mkdirSync(root)
  for (const name of NAMES) {
    const path = join(root, name)
    writeFileSync(path, `${name}\n`)
    const slurped = await runAny(connection, 'slurp', { src: path })
    assert.equal(Buffer.from(String(slurped.content), 'base64').toString(), `${name}\n`)
    const fetched = await runAny(connection, 'fetch', { src: path, dest: join(dir, 'fetched') }, { host: `h ${name}` })
    assert.equal(readFileSync(String(fetched.dest), 'utf8'), `${name}\n`)
    assert.equal((await runAny(connection, 'wait_for', { path, search_regex: name.replace(/[$()`;]/g, '.'), timeout: 1 })).failed, undefined)
    const temp = await runAny(connection, 'tempfile', { path: root, prefix: name, suffix: name })
    assert.ok(existsSync(String(temp.path)), JSON.stringify(temp))
  }
  const found = await runAny(connection, 'find', { paths: root, patterns: NAMES, contains: '.*pwned' })
  assert.equal(found.matched, NAMES.length - 3, JSON.stringify(found.files))
  assert.equal(existsSync(canary), false)
})

test('script and unarchive with hostile paths and arguments', async () => {
  for (const name of NAMES) {
    const local = join(dir, `s-${name}.sh`)
    writeFileSync(local, '#!/bin/sh\nprintf "%s" "$1"\n')
    const quoted = `'${local.replace(/'/g, `'"'"'`)}' '${name.replace(/'/g, `'"'"'`)}'`
    const result = await runAny(connection, 'script', { _raw_params: quoted, chdir: dir })
    assert.equal(result.stdout, name, JSON.stringify(result))
  }
  const content = join(dir, 'content')
  mkdirSync(content)
  for (const name of NAMES) writeFileSync(join(content, name), 'x')
  const archive = join(dir, `a $(${PAYLOAD}).tgz`)
  execFileSync('tar', ['-czf', archive, '-C', content, '.'])
  const dest = join(dir, `-out $(${PAYLOAD})`)
  mkdirSync(dest)
  assert.equal((await runAny(connection, 'unarchive', { src: archive, dest, remote_src: true })).changed, true)
  for (const name of NAMES) assert.equal(readFileSync(join(dest, name), 'utf8'), 'x')
  assert.equal(existsSync(canary), false)
})
