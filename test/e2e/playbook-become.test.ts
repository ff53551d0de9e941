import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { BECOME_USER, TEST_PASSWORD, startHarness, type Harness } from '../harness/index.js'
import { runDrover } from './run-drover.js'

let harness: Harness
let inventory: string
let playbook: string

before(async () => {
  harness = await startHarness({ hosts: 1, become: true })
  inventory = harness.writeInventory({ hosts: harness.hosts })
  playbook = join(harness.dir, 'become.yml')
  writeFileSync(
    playbook,
    [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - name: to an unprivileged user without a password',
      '      command: id -un',
      '      become: true',
      `      become_user: ${BECOME_USER}`,
      '      register: other',
      '    - name: to root with the password',
      '      command: id -un',
      '      become: true',
      '      register: root',
      '    - name: without become',
      '      command: id -un',
      '      register: plain',
      '    - name: check',
      '      assert:',
      '        that:',
      `          - other.stdout == '${BECOME_USER}'`,
      "          - root.stdout == 'root'",
      '          - plain.stdout == ansible_user',
      '',
    ].join('\n'),
  )
})

after(async () => {
  await harness?.stop()
})

test('become through playbook keywords: sudo to a user, sudo to root with a password, and none', async () => {
  const run = await runDrover(['playbook', '-i', inventory, playbook, '-e', `ansible_become_password=${TEST_PASSWORD}`], { env: { ...harness.env(), NO_COLOR: '1' } })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /h1 +: ok=4    changed=3/)
  assert.ok(!run.stdout.includes(TEST_PASSWORD) && !run.stderr.includes(TEST_PASSWORD), 'the password never appears in output')
})

test('a wrong become password fails that task clearly, without hanging', async () => {
  const run = await runDrover(['playbook', '-i', inventory, playbook, '-e', 'ansible_become_password=wrong-password'], { env: { ...harness.env(), NO_COLOR: '1' }, timeoutMs: 60_000 })
  assert.equal(run.code, 2, run.stdout + run.stderr)
  assert.match(run.stdout, /TASK \[to root with the password\] \*+\nfatal: \[h1\]: FAILED! => .*Incorrect sudo password/)
  assert.ok(!run.stdout.includes('wrong-password'))
})
