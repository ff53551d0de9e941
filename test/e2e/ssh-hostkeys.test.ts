import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startHarness, type Harness } from '../harness/index.js'
import { runDrover } from './run-drover.js'

/** Connect timeouts are generous: 20 handshakes at once on a loaded 2-core machine can take seconds. */
let h: Harness

before(async () => {
  h = await startHarness({ hosts: 20, wrongKey: 1 })
})
after(() => h?.stop())

const entry = (name: string, address: string, port: number): string => `[${address}]:${port} ${h.hostPublicKey(name)}`

test('accept-new with 20 hosts connecting at once leaves 20 correct entries', async () => {
  const knownHosts = join(h.dir, 'known_hosts.accept-new')
  writeFileSync(knownHosts, '')
  const inventory = h.writeInventory({ hosts: h.hosts, file: 'twenty.ini' })
  const env = { ...h.env(), DROVER_KNOWN_HOSTS: knownHosts }
  const refused = await runDrover(['run', 'all', '-i', inventory, '-f', '20', '-T', '30', '-a', 'true'], { env })
  assert.equal(refused.code, 4, 'unknown keys are refused by default')
  assert.equal(readFileSync(knownHosts, 'utf8'), '', 'and nothing is recorded')
  const run = await runDrover(['run', 'all', '-i', inventory, '-f', '20', '-T', '30', '-a', 'true'], { env: { ...env, ANSIBLE_HOST_KEY_CHECKING: 'accept-new' } })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  const lines = readFileSync(knownHosts, 'utf8').split('\n').filter(Boolean).sort()
  assert.deepEqual(lines, h.hosts.map((host) => entry(host.name, host.address, host.port)).sort())
  const strict = await runDrover(['run', 'all', '-i', inventory, '-f', '20', '-T', '30', '-a', 'true'], { env })
  assert.equal(strict.code, 0, 'the recorded keys are accepted under strict checking')
})

test('two runs recording at once still leave one well-formed line per key', async () => {
  const knownHosts = join(h.dir, 'known_hosts.two-runs')
  writeFileSync(knownHosts, '')
  const inventory = h.writeInventory({ hosts: h.hosts.slice(0, 10), file: 'ten.ini' })
  const env = { ...h.env(), DROVER_KNOWN_HOSTS: knownHosts, ANSIBLE_HOST_KEY_CHECKING: 'accept-new' }
  const runs = await Promise.all([1, 2].map(() => runDrover(['run', 'all', '-i', inventory, '-f', '10', '-T', '30', '-a', 'true'], { env })))
  for (const run of runs) assert.equal(run.code, 0, run.stdout + run.stderr)
  const expected = new Set(h.hosts.slice(0, 10).map((host) => entry(host.name, host.address, host.port)))
  const lines = readFileSync(knownHosts, 'utf8').split('\n').filter(Boolean)
  // Each process records what it did not know; a key may appear twice, never a torn or wrong line.
  for (const line of lines) assert.ok(expected.has(line), `unexpected line: ${line}`)
  assert.equal(new Set(lines).size, 10)
})

test('a changed key is refused even with accept-new, and known_hosts is left alone', async () => {
  const bad = h.wrongKey[0]!
  const before = readFileSync(h.knownHosts, 'utf8')
  const inventory = h.writeInventory({ hosts: [bad], file: 'bad.ini' })
  const run = await runDrover(['run', 'all', '-i', inventory, '-a', 'true'], { env: { ...h.env(), ANSIBLE_HOST_KEY_CHECKING: 'accept-new' } })
  assert.equal(run.code, 4)
  assert.match(run.stdout, /REMOTE HOST IDENTIFICATION HAS CHANGED for badkey1/)
  assert.equal(readFileSync(h.knownHosts, 'utf8'), before)
})

test('several keys for one host: any recorded key matches', async () => {
  const host = h.hosts[0]!
  const knownHosts = join(h.dir, 'known_hosts.several')
  const other = h.hostPublicKey(h.hosts[1]!.name)
  writeFileSync(knownHosts, `[${host.address}]:${host.port} ${other}\n${entry(host.name, host.address, host.port)}\n`)
  const inventory = h.writeInventory({ hosts: [host], file: 'one.ini' })
  const run = await runDrover(['run', 'all', '-i', inventory, '-a', 'true'], { env: { ...h.env(), DROVER_KNOWN_HOSTS: knownHosts } })
  assert.equal(run.code, 0, run.stdout + run.stderr)
})
