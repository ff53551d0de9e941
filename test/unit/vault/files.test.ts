import assert from 'node:assert/strict'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { editorCommand, shellSplit, withPrivateTempFile, writeFileAtomic } from '../../../src/vault/index.js'
import { scratchDir } from './helpers.js'

test('writeFileAtomic replaces the file, leaves no temp file behind, and applies the mode', async () => {
  const dir = await scratchDir()
  const path = join(dir, 'v.yml')
  await writeFile(path, 'old')
  await writeFileAtomic(path, 'new')
  assert.equal(await readFile(path, 'utf8'), 'new')
  assert.equal((await stat(path)).mode & 0o777, 0o600)
  await writeFileAtomic(path, 'newer', { mode: 0o640 })
  assert.equal((await stat(path)).mode & 0o777, 0o640)
  assert.deepEqual(await readdir(dir), ['v.yml'])
})

test('writeFileAtomic into a missing directory fails and writes nothing', async () => {
  const dir = await scratchDir()
  await assert.rejects(writeFileAtomic(join(dir, 'no', 'v.yml'), 'x'))
  assert.deepEqual(await readdir(dir), [])
})

test('the private temp file is 0600 in a 0700 directory, and both are gone afterwards', async () => {
  let seen = ''
  await withPrivateTempFile('.yml', Buffer.from('plain'), async (path) => {
    seen = path
    assert.equal((await stat(path)).mode & 0o777, 0o600)
    assert.equal((await stat(dirname(path))).mode & 0o777, 0o700)
    assert.equal(await readFile(path, 'utf8'), 'plain')
    assert.ok(path.endsWith('.yml'), 'keeps the extension so editors pick the right mode')
  })
  await assert.rejects(stat(dirname(seen)))
})

test('the private temp file is removed even when the work inside fails', async () => {
  let seen = ''
  await assert.rejects(withPrivateTempFile('', Buffer.from('plain'), async (path) => {
    seen = path
    throw new Error('editor crashed')
  }), /editor crashed/)
  await assert.rejects(stat(dirname(seen)))
})

test('shellSplit splits $EDITOR like shlex: quotes and backslashes, no expansion', () => {
  assert.deepEqual(shellSplit('vim'), ['vim'])
  assert.deepEqual(shellSplit('  code --wait  '), ['code', '--wait'])
  assert.deepEqual(shellSplit(`"/opt/My Editor/ed" -c 'set x' a\\ b "q\\"d" $HOME`), ['/opt/My Editor/ed', '-c', 'set x', 'a b', 'q"d', '$HOME'])
  assert.deepEqual(shellSplit(`''`), [''])
  assert.throws(() => shellSplit(`vim "unclosed`), /No closing quotation/)
})

test('editorCommand uses $EDITOR, else vi, and appends the file', () => {
  assert.deepEqual(editorCommand({ EDITOR: 'nano -w' }, '/t/f'), ['nano', '-w', '/t/f'])
  assert.deepEqual(editorCommand({}, '/t/f'), ['vi', '/t/f'])
})
