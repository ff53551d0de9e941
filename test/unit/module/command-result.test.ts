import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { LocalConnection } from '../../../src/connection/local.js'
import { pythonDelta, runCommand, splitLines } from '../../../src/module/command-result.js'

test('timedelta formatting matches Python str(timedelta)', () => {
  assert.equal(pythonDelta(28.166), '0:00:00.028166')
  assert.equal(pythonDelta(3_723_004.5), '1:02:03.004500')
})

test('splitLines drops only the final empty line', () => {
  assert.deepEqual(splitLines('a\nb\n'), ['a', 'b'])
  assert.deepEqual(splitLines('a\r\n\nb'), ['a', '', 'b'])
  assert.deepEqual(splitLines(''), [])
})

const dir = mkdtempSync(join(tmpdir(), 'drover-creates-'))
const connection = new LocalConnection('local-test', dir)
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

test('creates and removes match globs without a process, and a hostile pattern cannot change the session', async () => {
  writeFileSync(join(dir, 'made.1'), '')
  const context = { host: 'local-test', connection, check: false, diff: false }
  const run = (extra: { creates?: string; removes?: string }) => runCommand({ line: 'pwd', cmd: 'pwd', ...extra }, context)
  assert.equal((await run({ creates: join(dir, 'made.[0-9]') })).changed, false)
  assert.equal((await run({ creates: join(dir, 'made.*') })).changed, false)
  assert.equal((await run({ removes: join(dir, 'gone*') })).changed, false)
  assert.equal((await run({ removes: `${dir}/made.?` })).stdout, dir)
  await run({ creates: `${dir}/x[\ndo cd ..\ndone\n]` })
  assert.equal((await run({})).stdout, dir, 'the session is still in its directory')
  assert.equal((await runCommand({ line: 'true', cmd: 'true', creates: 'made.1', chdir: dir }, context)).changed, false)
})
