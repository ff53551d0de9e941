import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { after, before, test } from 'node:test'
import { ConnectionPool } from '../../src/connection/pool.js'
import type { Connection } from '../../src/connection/types.js'
import { quote } from '../../src/module/shell.js'
import { startHarness, type Harness } from '../harness/index.js'

let harness: Harness
let pool: ConnectionPool
let connection: Connection

before(async () => {
  harness = await startHarness({ hosts: 1 })
  pool = new ConnectionPool({ hostKeys: { checking: 'strict', files: [harness.knownHosts] }, env: harness.env() })
  const host = harness.hosts[0]!
  connection = await pool.get({ name: host.name, transport: 'ssh', address: host.address, port: host.port, user: harness.user, privateKeyFile: harness.clientKey, timeoutSeconds: 10 })
})

after(async () => {
  await pool?.closeAll()
  await harness?.stop()
})

test('over SSH: spoofed markers, binary output, no trailing newline and 50 MB come back intact', async () => {
  const spoof = await connection.exec("printf '%s:%d\\n' ffffffffffffffffffffffff00000001 0; printf '%s\\n' ffffffffffffffffffffffff00000001 >&2; printf tail")
  assert.equal(spoof.stdout.toString(), 'ffffffffffffffffffffffff00000001:0\ntail')
  assert.equal(spoof.stderr.toString(), 'ffffffffffffffffffffffff00000001\n')
  const bytes = randomBytes(65536)
  const binary = await connection.exec(`printf '%s' ${quote(bytes.toString('base64'))} | base64 -d`)
  assert.ok(binary.stdout.equals(bytes))
  const big = await connection.exec('head -c 52428800 /dev/urandom | tee /dev/null | sha256sum | cut -c1-64 >&2; head -c 52428800 /dev/zero')
  assert.equal(big.stdout.length, 52428800)
  assert.equal(createHash('sha256').update(big.stdout).digest('hex'), createHash('sha256').update(Buffer.alloc(52428800)).digest('hex'))
  assert.match(big.stderr.toString(), /^[0-9a-f]{64}\n$/)
})

test('over SSH: one persistent shell serves every command, one login per host', async () => {
  const before = connection.roundTrips
  for (let i = 0; i < 20; i++) assert.equal((await connection.exec(`echo ${i}`)).stdout.toString(), `${i}\n`)
  assert.equal(connection.roundTrips - before, 20)
  assert.equal(harness.acceptedConnections(harness.hosts[0]!.name), 1)
})
