import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { statResult } from '../../modules/stat.js'
import { LocalConnection } from '../../src/connection/local.js'
import { missing, present, stat } from './fixtures.js'
import { runModule } from './run-module.js'

const ARGS = { follow: false, get_checksum: true, get_md5: false }

test('plan stat: a missing path is {exists: false}', () => {
  assert.deepEqual(statResult(missing('/x'), ARGS), { exists: false })
})

test('plan stat: a regular file reports mode, flags, names and checksum', () => {
  const out = statResult(present('/f', stat('file', 0o4750, { size: 3 }), { checksum: 'abc' }), ARGS)
  assert.equal(out.mode, '04750')
  assert.deepEqual([out.isreg, out.isdir, out.islnk, out.isuid, out.xgrp, out.roth], [true, false, false, true, true, false])
  assert.deepEqual([out.pw_name, out.gr_name, out.size, out.checksum], ['deploy', 'deploy', 3, 'abc'])
})

test('plan stat: a link reports lnk_target and lnk_source, or its target with follow', () => {
  const link = present('/l', stat('link', 0o777), { linkTarget: 'f', realPath: '/f', target: stat('file', 0o600) })
  const out = statResult(link, ARGS)
  assert.deepEqual([out.islnk, out.lnk_target, out.lnk_source], [true, 'f', '/f'])
  const followed = statResult(link, { ...ARGS, follow: true })
  assert.deepEqual([followed.islnk, followed.isreg, followed.mode], [false, true, '0600'])
})

let dir: string
let connection: LocalConnection
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-stat-'))
  connection = new LocalConnection('localhost')
})
after(async () => {
  await connection.close()
  rmSync(dir, { recursive: true, force: true })
})

test('stat on the host: never changed, one round trip, sha1 checksum', async () => {
  writeFileSync(join(dir, 'f'), 'hello\n')
  symlinkSync(join(dir, 'f'), join(dir, 'l'))
  const trips = connection.roundTrips
  const result = await runModule(connection, 'stat', { path: join(dir, 'f') })
  assert.equal(connection.roundTrips - trips, 1)
  assert.equal(result.changed, false)
  const st = result.stat as Record<string, unknown>
  assert.equal(st.checksum, 'f572d396fae9206628714fb2ce00f72e94f2258f')
  const link = (await runModule(connection, 'stat', { path: join(dir, 'l') })).stat as Record<string, unknown>
  assert.equal(link.islnk, true)
})
