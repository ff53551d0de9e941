/** unarchive's owner/group/mode: applied to every extracted path, counted for idempotency and --check. */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { chmodMode } from '../../src/module/archive-attributes.js'
import { LocalConnection } from '../../src/connection/local.js'
import { runAny } from './run-any.js'

let dir: string
let connection: LocalConnection
let tgz: string
let zip: string
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-unarch-attr-'))
  connection = new LocalConnection('localhost')
  const content = join(dir, 'content')
  mkdirSync(join(content, 'sub'), { recursive: true })
  writeFileSync(join(content, 'a.txt'), 'a\n')
  writeFileSync(join(content, 'sub', '-b $(touch drover-pwned-canary).txt'), 'b\n')
  tgz = join(dir, 'arch.tar.gz')
  execFileSync('tar', ['-czf', tgz, '-C', content, 'a.txt', 'sub'])
  zip = join(dir, 'arch.zip')
  execFileSync('zip', ['-qr', zip, 'a.txt', 'sub'], { cwd: content })
})
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

const modeOf = (path: string) => statSync(path).mode & 0o7777

test('chmodMode: a YAML number is the mode itself, a string goes to chmod as written', () => {
  assert.equal(chmodMode(0o640), '0640')
  assert.equal(chmodMode('u=rwX,go='), 'u=rwX,go=')
})

for (const [name, archive, remote] of [['tar.gz from the controller', () => tgz, false], ['zip on the host', () => zip, true]] as const) {
  test(`unarchive ${name}: mode on every member, idempotent, --check and a later drift`, async () => {
    const dest = join(dir, `out-${remote ? 'zip' : 'tgz'}`)
    mkdirSync(dest)
    const args = { src: archive(), dest, remote_src: remote, mode: 'u=rwX,g=rX,o=', owner: userInfo().username, group: String(userInfo().gid) }
    assert.equal((await runAny(connection, 'unarchive', args)).changed, true)
    assert.equal(modeOf(join(dest, 'a.txt')), 0o640)
    assert.equal(modeOf(join(dest, 'sub')), 0o750, 'directories get the mode too (X)')
    assert.equal(modeOf(join(dest, 'sub', '-b $(touch drover-pwned-canary).txt')), 0o640)
    assert.equal(modeOf(dest), 0o755, 'dest itself is left alone')
    const again = await runAny(connection, 'unarchive', args)
    assert.equal(again.changed, false, JSON.stringify(again))
    const octal = { ...args, mode: 0o600 }
    const check = await runAny(connection, 'unarchive', octal, { check: true })
    assert.equal(check.changed, true, 'a different mode is a change')
    assert.equal(modeOf(join(dest, 'a.txt')), 0o640, '--check changed nothing')
    assert.equal((await runAny(connection, 'unarchive', octal)).changed, true)
    assert.equal(modeOf(join(dest, 'a.txt')), 0o600)
    assert.equal((await runAny(connection, 'unarchive', octal)).changed, false)
    const unknown = await runAny(connection, 'unarchive', { ...args, owner: 'no-such-user-drover' })
    assert.equal(unknown.failed, true)
    assert.match(String(unknown.msg), /failed to look up user no-such-user-drover/)
  })
}

test('nothing in a member name is executed', () => {
  assert.equal(existsSync(join(process.cwd(), 'drover-pwned-canary')), false)
})
