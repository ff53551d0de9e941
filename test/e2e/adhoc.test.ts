import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { maxConcurrent, startHarness, type Harness } from '../harness/index.js'
import { runDrover } from './run-drover.js'

let harness: Harness
let healthy: string
let withDown: string

before(async () => {
  harness = await startHarness({ hosts: 5, down: 1 })
  healthy = harness.writeInventory({ hosts: harness.hosts, file: 'healthy.ini' })
  withDown = harness.writeInventory({ hosts: [...harness.hosts, ...harness.down], file: 'with-down.ini' })
})

after(async () => {
  await harness?.stop()
})

test('run: every host answers with CHANGED and its output, exit 0', async () => {
  const run = await runDrover(['run', 'all', '-i', healthy, '-a', 'uname -n'], { env: harness.env() })
  assert.equal(run.code, 0, run.stderr)
  for (const host of harness.hosts) {
    assert.match(run.stdout, new RegExp(`^${host.name} \\| CHANGED \\| rc=0 >>\\n\\S+\\n`, 'm'))
  }
  assert.equal(run.stdout.match(/\| CHANGED \| rc=0 >>/g)?.length, 5)
})

test('run: the output is the command output of that host', async () => {
  const run = await runDrover(['run', 'all', '-i', healthy, '-m', 'shell', '-a', 'echo "$HARNESS_HOST says hi"'], { env: harness.env() })
  assert.equal(run.code, 0, run.stderr)
  for (const host of harness.hosts) assert.match(run.stdout, new RegExp(`^${host.name} \\| CHANGED \\| rc=0 >>\\n${host.name} says hi$`, 'm'))
})

test('run: a down host is UNREACHABLE! and the run exits 4; the others still run', async () => {
  const run = await runDrover(['run', 'all', '-i', withDown, '-a', 'true'], { env: harness.env() })
  assert.equal(run.code, 4, run.stdout + run.stderr)
  const down = harness.down[0]!
  assert.match(run.stdout, new RegExp(`^${down.name} \\| UNREACHABLE! => \\{\\n    "changed": false,\\n    "msg": "Failed to connect to the host via ssh: ssh: connect to host ${down.address.replace(/\./g, '\\.')} port ${down.port}: Connection refused",\\n    "unreachable": true\\n\\}`, 'm'))
  assert.equal(run.stdout.match(/\| CHANGED \| rc=0 >>/g)?.length, 5)
})

test('run: a command exiting 3 on one host prints FAILED | rc=3 and the run exits 2', async () => {
  const target = harness.hosts[2]!.name
  const run = await runDrover(['run', 'all', '-i', healthy, '-m', 'shell', '-a', `[ "$HARNESS_HOST" = ${target} ] && exit 3; echo fine`], { env: harness.env() })
  assert.equal(run.code, 2, run.stdout + run.stderr)
  assert.match(run.stdout, new RegExp(`^${target} \\| FAILED \\| rc=3 >>\\nnon-zero return code$`, 'm'))
  assert.equal(run.stdout.match(/\| CHANGED \| rc=0 >>\nfine/g)?.length, 4)
})

test('run -o: one line per host', async () => {
  const run = await runDrover(['run', 'all', '-i', healthy, '-o', '-m', 'shell', '-a', 'echo out; echo err >&2'], { env: harness.env() })
  assert.equal(run.code, 0, run.stderr)
  assert.equal(run.stdout.trim().split('\n').length, 5)
  assert.match(run.stdout, /^h1 \| CHANGED \| rc=0 \| \(stdout\) out \(stderr\) err$/m)
})

test('-f 2: never more than 2 hosts connecting or running at once (counted by the harness)', async () => {
  writeFileSync(harness.activityLog, '')
  const run = await runDrover(['run', 'all', '-i', healthy, '-f', '2', '-a', `${harness.activityScript} 0.3`], { env: harness.env() })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.equal(maxConcurrent(harness.activityLog), 2, 'with 5 hosts and -f 2, exactly 2 run side by side at the peak')
  writeFileSync(harness.activityLog, '')
  const wide = await runDrover(['run', 'all', '-i', healthy, '-f', '5', '-a', `${harness.activityScript} 0.5`], { env: harness.env() })
  assert.equal(wide.code, 0)
  assert.ok(maxConcurrent(harness.activityLog) > 2, 'the measure can see more than 2 when forks allow it')
})

test('playbook: a plain list of command/shell tasks against a pattern, with the recap', async () => {
  const playbook = join(harness.dir, 'plain.yml')
  writeFileSync(
    playbook,
    [
      '- name: Plain tasks',
      '  hosts: all:!h5',
      '  gather_facts: false',
      '  tasks:',
      '    - name: say hello',
      '      command: echo hello',
      '    - name: through the shell',
      '      shell: test -n "$HARNESS_HOST" && echo "$HARNESS_HOST"',
      '',
    ].join('\n'),
  )
  const run = await runDrover(['playbook', '-i', healthy, playbook], { env: { ...harness.env(), NO_COLOR: '1' } })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /^\nPLAY \[Plain tasks\] \*+\n\nTASK \[say hello\] \*+\n/)
  assert.match(run.stdout, /\nPLAY RECAP \*+\n(h[1-4] +: ok=2    changed=2    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   \n){4}\n$/)
  assert.doesNotMatch(run.stdout, /h5/)
})
