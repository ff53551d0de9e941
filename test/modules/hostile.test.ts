/**
 * Issue 8 acceptance 4 for the file modules: paths and content with spaces, quotes, $(…), backticks,
 * newlines and leading dashes are data. Each family (file, copy/template, text editors, stat) runs
 * with such names against a LocalConnection; a canary file proves nothing was executed.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { LocalConnection } from '../../src/connection/local.js'
import { runModule } from './run-module.js'

let dir: string
let canary: string
let connection: LocalConnection
let names: string[]
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-hostile-'))
  // No '/' in the payload, so it stays one path component; the local shell runs in process.cwd().
  canary = join(process.cwd(), 'drover-pwned-canary')
  const payload = 'touch drover-pwned-canary'
  names = [`sp ace 'q"uote`, `$(${payload})`, `\`${payload}\``, `new\nline`, `-dash`, `;${payload};`]
  connection = new LocalConnection('localhost')
})
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

test('file family: directories, links and removal with hostile names', async () => {
  for (const name of names) {
    const path = join(dir, `d-${name}`)
    assert.equal((await runModule(connection, 'file', { path, state: 'directory', mode: '0700' })).changed, true)
    assert.equal(statSync(path).mode & 0o777, 0o700)
    assert.equal((await runModule(connection, 'file', { path: `${path}-link`, state: 'link', src: path })).changed, true)
    assert.equal((await runModule(connection, 'file', { path, state: 'absent' })).changed, true)
    assert.equal(existsSync(path), false)
  }
  assert.equal(existsSync(canary), false)
})

test('copy family: hostile dest names and content are written verbatim', async () => {
  for (const name of names) {
    const path = join(dir, `f-${name}`)
    const content = `${name}\n$(touch drover-pwned-canary)\n\`touch drover-pwned-canary\`\n`
    const result = await runModule(connection, 'copy', { content, dest: path, backup: true, validate: 'test -f %s' })
    assert.equal(result.failed, undefined, JSON.stringify(result))
    assert.equal(readFileSync(path, 'utf8'), content)
    assert.equal((await runModule(connection, 'stat', { path })).changed, false)
  }
  assert.equal(existsSync(canary), false)
})

test('text editors: hostile lines, regexps and paths', async () => {
  const path = join(dir, `-t $(touch drover-pwned-canary) \`x\``)
  const c = 'drover-pwned-canary'
  await runModule(connection, 'copy', { content: 'a\n', dest: path })
  await runModule(connection, 'lineinfile', { path, line: `$(touch ${c}) 'q' "d"` })
  await runModule(connection, 'blockinfile', { path, block: `\`touch ${c}\`` })
  await runModule(connection, 'replace', { path, regexp: '^a$', replace: `$(touch ${c})` })
  assert.equal(readFileSync(path, 'utf8'), `$(touch ${c})\n$(touch ${c}) 'q' "d"\n# BEGIN ANSIBLE MANAGED BLOCK\n\`touch ${c}\`\n# END ANSIBLE MANAGED BLOCK\n`)
  assert.equal(existsSync(canary), false)
})
