import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ConnectionPool } from '../../src/connection/pool.js'
import { startHarness, type Harness } from '../harness/index.js'
import { runDrover } from './run-drover.js'
import { targetFor } from './ssh-target.js'

let h: Harness

before(async () => {
  h = await startHarness({ hosts: 1, bastion: true })
})
after(() => h?.stop())

const pool = (sshConfigFile?: string): ConnectionPool =>
  new ConnectionPool({ hostKeys: { checking: 'strict', files: [h.knownHosts] }, env: h.env(), sshConfigFile })

const bastionLogins = (): number =>
  readFileSync(h.sshdLog('bastion'), 'utf8').split('\n').filter((l) => l.includes('Accepted publickey for ')).length

test('the inner host refuses direct connections (the arrangement is real)', async () => {
  const p = pool()
  try {
    await assert.rejects(p.get(targetFor(h, h.inner!)), /ssh: connect to host 127\.0\.1\.\d+ port 2222: Connection refused/)
  } finally {
    await p.closeAll()
  }
})

test('ProxyJump from ~/.ssh/config reaches the inner host; HostName, Port, User and IdentityFile come from the config', async () => {
  const config = join(h.home, '.ssh', 'config')
  writeFileSync(config, [
    'Host inner-*',
    `  HostName ${h.inner!.address}`,
    `  Port ${h.inner!.port}`,
    '  ProxyJump jump',
    'Host jump',
    `  HostName ${h.bastion!.address}`,
    `  Port ${h.bastion!.port}`,
    `  User ${h.user}`,
    `  IdentityFile ${h.clientKey}`,
    '  IdentitiesOnly yes',
    'Host *',
    `  User ${h.user}`,
    '',
  ].join('\n'))
  const p = pool()
  const before = bastionLogins()
  try {
    const target = { ...targetFor(h, h.inner!), address: 'inner-a', port: 22, defaulted: ['user', 'port'] as ('user' | 'port')[] }
    const c = await p.get(target)
    const result = await c.exec('echo "$HARNESS_HOST"')
    assert.equal(result.stdout.toString().trim(), 'inner1')
    // A second host behind the same bastion shares its connection.
    const c2 = await p.get({ ...target, name: 'other', address: 'inner-b' })
    assert.equal((await c2.exec('echo "$HARNESS_HOST"')).stdout.toString().trim(), 'inner1')
    assert.equal(bastionLogins() - before, 1, 'one bastion login for two hosts')
  } finally {
    await p.closeAll()
    writeFileSync(config, '')
  }
})

test('ProxyJump from inventory variables (ansible_ssh_common_args -o ProxyJump=, and -J) with drover run', async () => {
  const jump = `${h.user}@${h.bastion!.address}:${h.bastion!.port}`
  const inventory = join(h.dir, 'jump.ini')
  writeFileSync(inventory, [
    `innerA ansible_host=${h.inner!.address} ansible_port=${h.inner!.port} ansible_user=${h.user} ansible_ssh_common_args='-o ProxyJump=${jump}'`,
    `innerB ansible_host=${h.inner!.address} ansible_port=${h.inner!.port} ansible_user=${h.user} ansible_ssh_extra_args='-J ${jump}'`,
    '',
  ].join('\n'))
  const run = await runDrover(['run', 'all', '-i', inventory, '-a', 'printenv HARNESS_HOST'], { env: h.env() })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /^innerA \| CHANGED \| rc=0 >>\ninner1$/m)
  assert.match(run.stdout, /^innerB \| CHANGED \| rc=0 >>\ninner1$/m)
})

test('a chain of jump hosts (h1, then the bastion)', async () => {
  const h1 = h.hosts[0]!
  const chain = `${h.user}@${h1.address}:${h1.port},${h.user}@${h.bastion!.address}:${h.bastion!.port}`
  const p = pool()
  const h1Logins = h.acceptedConnections(h1.name)
  const viaBastion = bastionLogins()
  try {
    const c = await p.get(targetFor(h, h.inner!, { privateKeyFile: h.clientKey, sshArgs: `-o 'ProxyJump ${chain}'` }))
    assert.equal((await c.exec('echo "$HARNESS_HOST"')).stdout.toString().trim(), 'inner1')
    assert.equal(h.acceptedConnections(h1.name) - h1Logins, 1, 'through h1')
    assert.equal(bastionLogins() - viaBastion, 1, 'then the bastion')
  } finally {
    await p.closeAll()
  }
})

test('a bastion whose key is unknown is refused, naming the bastion', async () => {
  const known = join(h.dir, 'only-inner-known')
  writeFileSync(known, readFileSync(h.knownHosts, 'utf8').split('\n').filter((l) => !l.startsWith(`[${h.bastion!.address}]`)).join('\n'))
  const p = new ConnectionPool({ hostKeys: { checking: 'strict', files: [known] }, env: h.env() })
  try {
    await assert.rejects(p.get(targetFor(h, h.inner!, { sshArgs: `-J ${h.user}@${h.bastion!.address}:${h.bastion!.port}` })),
      new RegExp(`No ssh-ed25519 host key is known for ${h.user}@${h.bastion!.address.replace(/\./g, '\\.')}`))
  } finally {
    await p.closeAll()
  }
})
