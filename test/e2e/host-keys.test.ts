import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startHarness, type Harness } from '../harness/index.js'
import { runDrover } from './run-drover.js'

let harness: Harness
let inventory: string

before(async () => {
  harness = await startHarness({ hosts: 1, wrongKey: 1 })
  inventory = harness.writeInventory({ hosts: harness.wrongKey, file: 'badkey.ini' })
})

after(async () => {
  await harness?.stop()
})

test('a host whose key differs from known_hosts is refused, naming host, key type and file', async () => {
  const bad = harness.wrongKey[0]!
  const run = await runDrover(['run', 'all', '-i', inventory, '-a', 'true'], { env: harness.env() })
  assert.equal(run.code, 4, run.stdout + run.stderr)
  assert.match(run.stdout, new RegExp(`^${bad.name} \\| UNREACHABLE! =>`, 'm'))
  assert.match(run.stdout, /REMOTE HOST IDENTIFICATION HAS CHANGED/)
  assert.match(run.stdout, new RegExp(`for ${bad.name} \\(\\[${bad.address.replace(/\./g, '\\.')}\\]:${bad.port}\\)`))
  assert.match(run.stdout, /ssh-ed25519 key SHA256:/)
  assert.ok(run.stdout.includes(harness.knownHosts), 'names the known_hosts file')
  assert.doesNotMatch(run.stdout, /CHANGED \| rc=0/)
})

test('host_key_checking = False in ansible.cfg connects', async () => {
  const project = join(harness.dir, 'project')
  mkdirSync(project, { recursive: true })
  writeFileSync(join(project, 'ansible.cfg'), '[defaults]\nhost_key_checking = False\n')
  const run = await runDrover(['run', 'all', '-i', inventory, '-a', 'true'], { env: harness.env(), cwd: project })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /^badkey1 \| CHANGED \| rc=0 >>$/m)
})

test('ANSIBLE_HOST_KEY_CHECKING=False connects', async () => {
  const run = await runDrover(['run', 'all', '-i', inventory, '-a', 'true'], { env: { ...harness.env(), ANSIBLE_HOST_KEY_CHECKING: 'False' } })
  assert.equal(run.code, 0, run.stdout + run.stderr)
})

test('an unknown host key is refused by default and recorded with accept-new', async () => {
  const good = harness.hosts[0]!
  const fresh = harness.writeInventory({ hosts: [good], file: 'fresh.ini' })
  const emptyKnownHosts = join(harness.dir, 'empty_known_hosts')
  writeFileSync(emptyKnownHosts, '')
  const env = { ...harness.env(), DROVER_KNOWN_HOSTS: emptyKnownHosts }
  const refused = await runDrover(['run', 'all', '-i', fresh, '-a', 'true'], { env })
  assert.equal(refused.code, 4)
  assert.match(refused.stdout, /No ssh-ed25519 host key is known for h1/)
  const accepted = await runDrover(['run', 'all', '-i', fresh, '-a', 'true'], { env: { ...env, ANSIBLE_HOST_KEY_CHECKING: 'accept-new' } })
  assert.equal(accepted.code, 0, accepted.stdout + accepted.stderr)
  const again = await runDrover(['run', 'all', '-i', fresh, '-a', 'true'], { env })
  assert.equal(again.code, 0, 'the recorded key is now known')
})
