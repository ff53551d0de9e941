/**
 * Acceptance 4 of issue 9: Ctrl-C (SIGINT) during a run against harness hosts lets the running
 * command finish, starts nothing new, prints the recap, closes every connection, exits 99.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { startHarness, type Harness } from '../harness/index.js'
import { DROVER_MAIN } from './run-drover.js'

let harness: Harness
let inventory: string
let playbook: string

before(async () => {
  harness = await startHarness({ hosts: 2 })
  inventory = harness.writeInventory({ hosts: harness.hosts })
  playbook = join(harness.dir, 'slow.yml')
  writeFileSync(
    playbook,
    [
      '- name: slow',
      '  hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - name: quick',
      '      command: /bin/true',
      '    - name: slow write',
      '      shell: sleep 2 && echo complete > "$HARNESS_SCRATCH/slow.txt"',
      '    - name: never starts',
      '      command: touch {{ harness_scratch }}/never.txt',
      '',
    ].join('\n'),
  )
})

after(async () => {
  await harness?.stop()
})

/** sshd logs `Disconnected from user` once per authenticated connection, when the client has gone. */
function closedConnections(name: string): number {
  return readFileSync(harness.sshdLog(name), 'utf8')
    .split('\n')
    .filter((l) => /Disconnected from user /.test(l)).length
}

test('SIGINT: running commands finish, nothing new starts, recap printed, connections closed, exit 99', async () => {
  const child = spawn(process.execPath, [DROVER_MAIN, 'playbook', '-i', inventory, playbook], { env: harness.env(), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()))
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
  const deadline = Date.now() + 30_000
  while (!stdout.includes('TASK [slow write]') && Date.now() < deadline) await sleep(50)
  assert.ok(stdout.includes('TASK [slow write]'), stdout + stderr)
  await sleep(300)
  child.kill('SIGINT')
  const code = await exited
  assert.equal(code, 99, stdout + stderr)
  assert.match(stdout, /PLAY RECAP \*+\nh1 +: ok=2 +changed=2 /, stdout)
  assert.ok(!stdout.includes('TASK [never starts]'), 'no task starts after Ctrl-C')
  assert.match(stderr, /User interrupted execution/)
  await sleep(500)
  for (const host of harness.hosts) {
    // The running command finished: its file is whole; the next task never ran; nothing else was left behind.
    assert.equal(readFileSync(join(host.scratch, 'slow.txt'), 'utf8'), 'complete\n')
    assert.ok(!existsSync(join(host.scratch, 'never.txt')))
    assert.deepEqual(readdirSync(host.scratch).sort(), ['slow.txt'])
    assert.ok(harness.acceptedConnections(host.name) > 0)
    assert.equal(closedConnections(host.name), harness.acceptedConnections(host.name), readFileSync(harness.sshdLog(host.name), 'utf8'))
  }
})
