import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startNetworkSim, type NetworkSim } from '../network-sim/index.js'
import { tempDir } from '../support/temp-dir.js'
import { runDrover } from './run-drover.js'

const dir = tempDir('drover-net-cli-')
let sim: NetworkSim
let inventory: string
const env = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, NO_COLOR: '1' })

function playbook(name: string, lines: string[]): string {
  const file = join(dir, name)
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

before(async () => {
  sim = await startNetworkSim({ devices: 2, firstOctet: 220 })
  mkdirSync(join(dir, '.ssh'))
  writeFileSync(join(dir, '.ssh', 'known_hosts'), sim.knownHosts)
  inventory = sim.writeInventory(join(dir, 'routers.ini'))
})
after(() => sim?.stop())

test('cli_command answers the confirmation the device asks for', async () => {
  const file = playbook('confirm.yml', [
    '- hosts: r1',
    '  gather_facts: false',
    '  tasks:',
    '    - ansible.netcommon.cli_command:',
    '        command: clear counters',
    "        prompt: 'Clear \"show interface\" counters on all interfaces \\[confirm\\]'",
    '        answer: y',
    '      register: cleared',
    '    - assert: {that: ["cleared.stdout_lines[-1] == \'Cleared counters\'", "\'[confirm]y\' in cleared.stdout"]}',
  ])
  const run = await runDrover(['playbook', '-i', inventory, file], { env: env(), cwd: dir })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /r1 +: ok=2 +changed=0 +unreachable=0 +failed=0/)
})

test('ios_facts and gather_facts return the network facts from show commands', async () => {
  const file = playbook('facts.yml', [
    '- hosts: routers',
    '  gather_facts: true',
    '  tasks:',
    '    - assert:',
    '        that:',
    '          - ansible_net_hostname == inventory_hostname | upper',
    "          - ansible_net_version == '15.6(2)T'",
    "          - ansible_net_model == 'IOSv'",
    "          - ansible_net_serialnum is match('^9R[12]X1$')",
    `          - "ansible_net_interfaces['GigabitEthernet0/0'].ipv4 == [{'address': '192.168.0.1', 'subnet': '24'}]"`,
    "          - ansible_net_interfaces['GigabitEthernet0/0'].description == 'management'",
    "          - ansible_net_interfaces['GigabitEthernet0/1'].operstatus == 'administratively down'",
    '- hosts: r1',
    '  gather_facts: false',
    '  tasks:',
    '    - cisco.ios.ios_facts: {gather_subset: min}',
    '    - cli_config: {lines: [hostname core1]}',
    '    - ios_facts:',
    '    - assert: {that: ["ansible_net_hostname == \'core1\'", "ansible_net_interfaces is not defined or ansible_net_interfaces | length == 4"]}',
  ])
  const run = await runDrover(['playbook', '-i', inventory, file], { env: env(), cwd: dir })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /TASK \[Gathering Facts\]/)
  assert.match(run.stdout, /r2 +: ok=2 +changed=0 +unreachable=0 +failed=0/)
  assert.match(run.stdout, /r1 +: ok=6 +changed=1 +unreachable=0 +failed=0/)
})

test('a shell module on a device, a network module on a shell host and an unknown network os fail clearly', async () => {
  const hosts = join(dir, 'mixed.ini')
  const r1 = sim.device('r1')
  writeFileSync(
    hosts,
    [
      `r1 ansible_host=${r1.address} ansible_port=${r1.port} ansible_connection=network_cli ansible_network_os=cisco.ios.ios ansible_user=netadmin ansible_password=sim-login-pw`,
      `odd ansible_host=${r1.address} ansible_port=${r1.port} ansible_connection=network_cli ansible_network_os=vendor.os.nos ansible_user=netadmin ansible_password=sim-login-pw`,
      'box ansible_connection=local',
    ].join('\n') + '\n',
  )
  const file = playbook('mixed.yml', ['- hosts: all', '  gather_facts: false', '  tasks:', '    - command: uptime', '      when: inventory_hostname == "r1"', '    - cli_command: {command: show version}', '      when: inventory_hostname != "r1"'])
  const run = await runDrover(['playbook', '-i', hosts, file], { env: env(), cwd: dir, timeoutMs: 30_000 })
  assert.equal(run.code, 2, run.stdout + run.stderr)
  assert.match(run.stdout, /fatal: \[r1\]: FAILED! => \{"changed": false, "msg": "the command module needs a POSIX shell and cannot run on a network_cli host; use cli_command, cli_config or ios_facts \(and gather_facts: false\)"\}/)
  assert.match(run.stdout, /fatal: \[box\]: FAILED! => \{"changed": false, "msg": "Connection type local is not valid for this module"\}/)
  assert.match(run.stdout, /fatal: \[odd\]: FAILED! => \{"changed": false, "msg": "network os vendor\.os\.nos is not supported \(known: cisco\.ios\.ios, cisco\.ios, arista\.eos\.eos, arista\.eos, junipernetworks\.junos\.junos, junipernetworks\.junos\)"\}/)
})

test('in check mode cli_command runs show commands and refuses others', async () => {
  const file = playbook('check.yml', [
    '- hosts: r2',
    '  gather_facts: false',
    '  tasks:',
    '    - cli_command: {command: show version}',
    '      register: v',
    '    - assert: {that: "v.stdout is search(\'R2 uptime\')"}',
    '    - cli_command: {command: write memory}',
  ])
  const run = await runDrover(['playbook', '-i', inventory, file, '--check'], { env: env(), cwd: dir })
  assert.equal(run.code, 2, run.stdout + run.stderr)
  assert.match(run.stdout, /"msg": "Only show commands are supported when using check_mode, not executing write memory"/)
  assert.match(run.stdout, /r2 +: ok=2 +changed=0 +unreachable=0 +failed=1/)
})

test('a configuration line the device refuses fails the task, leaves configuration mode and names the line', async () => {
  const r2 = sim.device('r2')
  r2.configLines.length = 0
  const file = playbook('refused.yml', [
    '- hosts: r2',
    '  gather_facts: false',
    '  tasks:',
    '    - cli_config:',
    '        lines: [description ok, frobnicate on, mtu 1400]',
    '        parents: interface GigabitEthernet0/2',
    '      ignore_errors: true',
    '    - cli_command: {command: show version}',
  ])
  const run = await runDrover(['playbook', '-i', inventory, file], { env: env(), cwd: dir })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /fatal: \[r2\]: FAILED! => \{"changed": false, "msg": "% Invalid input detected at '\^' marker\. \(command: 'frobnicate on'\)"\}/)
  assert.deepEqual(r2.configLines, ['interface GigabitEthernet0/2', 'description ok', 'frobnicate on', 'end'])
  assert.match(run.stdout, /r2 +: ok=2 +changed=0 +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=1/)
})
