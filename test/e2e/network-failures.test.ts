import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startNetworkSim, SIM_ENABLE, SIM_PASSWORD, type NetworkSim } from '../network-sim/index.js'
import { tempDir } from '../support/temp-dir.js'
import { runDrover } from './run-drover.js'

const WRONG_ENABLE = 'not-the-enable-pw'
const dir = tempDir('drover-net-fail-')
let sim: NetworkSim
let inventory: string
const env = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, NO_COLOR: '1' })

before(async () => {
  sim = await startNetworkSim({
    devices: 6,
    // r2 keeps its pager (terminal length is refused), r5 stops answering in the middle of show version.
    behaviour: (name) => (name === 'r2' ? { pagerLocked: true } : name === 'r5' ? { hangOn: /^show version$/ } : {}),
  })
  mkdirSync(join(dir, '.ssh'))
  writeFileSync(join(dir, '.ssh', 'known_hosts'), sim.knownHosts)
  inventory = sim.writeInventory(join(dir, 'routers.ini'), (name): Record<string, string> =>
    name === 'r3' ? { ansible_become_password: WRONG_ENABLE } : name === 'r4' ? { cmd: '"show vresion"' } : name === 'r5' ? { ansible_command_timeout: '2' } : {},
  )
  writeFileSync(
    join(dir, 'site.yml'),
    [
      '- hosts: routers',
      '  gather_facts: false',
      '  tasks:',
      '    - name: show version',
      '      cli_command:',
      "        command: \"{{ cmd | default('show version') }}\"",
      '      register: version',
      '    - name: the whole output came back, without the pager',
      '      assert:',
      '        that:',
      "          - version.stdout is search('Configuration register is 0x0')",
      "          - version.stdout is not search('More')",
      "          - version.stdout_lines[0] is search('^Cisco IOS Software')",
      '    - name: running config needs enable',
      '      cli_command:',
      '        command: show running-config',
      '',
    ].join('\n'),
  )
})
after(() => sim?.stop())

test('pager, wrong enable password, invalid command and a hung device each fail only that device, clearly', async () => {
  const started = Date.now()
  const run = await runDrover(['playbook', '-i', inventory, join(dir, 'site.yml'), '-f', '6'], { env: env(), cwd: dir })
  const seconds = (Date.now() - started) / 1000
  assert.equal(run.code, 2, run.stdout + run.stderr)
  for (const ok of ['r1', 'r2', 'r6']) assert.match(run.stdout, new RegExp(`${ok} +: ok=3 +changed=0 +unreachable=0 +failed=0`), run.stdout)
  for (const bad of ['r3', 'r4', 'r5']) assert.match(run.stdout, new RegExp(`${bad} +: ok=0 +changed=0 +unreachable=0 +failed=1`), run.stdout)
  assert.match(run.stdout, /fatal: \[r3\]: FAILED! => \{"changed": false, "msg": "enable failed: wrong password"\}/)
  assert.match(run.stdout, /fatal: \[r4\]: FAILED! => \{"changed": false, "msg": "% Invalid input detected at '\^' marker\. \(command: 'show vresion'\)"\}/)
  assert.match(run.stdout, /fatal: \[r5\]: FAILED! => \{"changed": false, "msg": "timeout after 2s waiting for the prompt after 'show version'; last output: 'show version\\nBuilding configuration\.\.\.'"\}/)
  assert.ok(seconds < 30, `the run took ${seconds}s`)
  for (const secret of [WRONG_ENABLE, SIM_ENABLE, SIM_PASSWORD]) assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), `${secret} shown`)
})

test('a device that failed mid-command is usable again by the next task (a fresh session)', async () => {
  sim.device('r5').behaviour.hangOn = /^show clock$/
  writeFileSync(
    join(dir, 'recover.yml'),
    ['- hosts: r5', '  gather_facts: false', '  tasks:', '    - cli_command: {command: show clock}', '      ignore_errors: true', '    - cli_command: {command: show version}', '      register: v', '    - assert: {that: "v.stdout is search(\'R5 uptime\')"}', ''].join('\n'),
  )
  const run = await runDrover(['playbook', '-i', inventory, join(dir, 'recover.yml')], { env: env(), cwd: dir })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /r5 +: ok=3 +changed=0 +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=1/)
})

test('without become, privileged commands fail with the device error; the enable password at -vvv and in JSON stays hidden', async () => {
  const noBecome = sim.writeInventory(join(dir, 'plain.ini'), () => ({ ansible_become: 'false' }))
  for (const args of [['-vvv'], ['-vvv', '--output', 'json']]) {
    const run = await runDrover(['playbook', '-i', noBecome, '--limit', 'r1', join(dir, 'site.yml'), ...args], { env: env(), cwd: dir })
    assert.equal(run.code, 2, run.stdout + run.stderr)
    assert.match(run.stdout, /Invalid input detected.*show running-config/)
    for (const secret of [SIM_ENABLE, SIM_PASSWORD]) assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), `${secret} shown with ${args.join(' ')}`)
  }
})
