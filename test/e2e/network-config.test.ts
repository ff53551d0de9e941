import assert from 'node:assert/strict'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startNetworkSim, SIM_ENABLE, SIM_PASSWORD, type NetworkSim } from '../network-sim/index.js'
import { tempDir } from '../support/temp-dir.js'
import { runDrover } from './run-drover.js'

const dir = tempDir('drover-net-config-')
let sim: NetworkSim
let inventory: string
const env = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, NO_COLOR: '1' })

before(async () => {
  // Each command takes a little while, as on a real device, so ten devices configured one after another would not overlap.
  sim = await startNetworkSim({ devices: 10, behaviour: () => ({ slowMs: 20 }) })
  mkdirSync(join(dir, '.ssh'))
  writeFileSync(join(dir, '.ssh', 'known_hosts'), sim.knownHosts)
  inventory = sim.writeInventory(join(dir, 'routers.ini'), (name) => ({ idx: name.slice(1) }))
  writeFileSync(
    join(dir, 'site.yml'),
    [
      '- hosts: routers',
      '  gather_facts: false',
      '  tasks:',
      '    - name: uplink interface',
      '      cli_config:',
      '        lines:',
      '          - description uplink to core',
      '          - ip address 10.0.{{ idx }}.1 255.255.255.0',
      '          - mtu 9000',
      '        parents: interface GigabitEthernet0/1',
      '    - name: loopback',
      '      ansible.netcommon.cli_config:',
      '        config: |',
      '          interface Loopback0',
      '           description router id',
      '           ip address 10.255.0.{{ idx }} 255.255.255.255',
      '          interface GigabitEthernet0/0',
      '           description management',
      '    - name: banner',
      '      cli_config:',
      "        lines: ['banner motd #Authorized access only#']",
      '',
    ].join('\n'),
  )
})
after(() => sim?.stop())

type Event = { type: string; host?: string; status?: string; result?: { diff?: { prepared?: string }; commands?: string[] } }

function events(stdout: string): Event[] {
  return stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Event)
}

/** Per host, the lines --diff showed for every changed task, in order. */
function diffLines(stdout: string): Map<string, string[]> {
  const byHost = new Map<string, string[]>()
  for (const event of events(stdout)) {
    const prepared = event.type === 'host_result' && event.status === 'changed' ? event.result?.diff?.prepared : undefined
    if (prepared !== undefined) byHost.set(event.host!, [...(byHost.get(event.host!) ?? []), ...prepared.split('\n')])
  }
  return byHost
}

test('check --diff, then the run, on 10 devices in parallel: the run sends exactly the lines the diff showed; a second run changes nothing', async () => {
  const check = await runDrover(['playbook', '-i', inventory, join(dir, 'site.yml'), '-f', '10', '--check', '--diff', '--output', 'json'], { env: env(), cwd: dir })
  assert.equal(check.code, 0, check.stdout + check.stderr)
  for (const device of sim.devices) assert.deepEqual(device.configLines, [], `check mode sent configuration to ${device.name}`)
  const shown = diffLines(check.stdout)
  assert.equal(shown.size, 10)
  assert.deepEqual(shown.get('r3'), [
    'interface GigabitEthernet0/1',
    'description uplink to core',
    'ip address 10.0.3.1 255.255.255.0',
    'mtu 9000',
    'interface Loopback0',
    'description router id',
    'ip address 10.255.0.3 255.255.255.255',
    'banner motd #Authorized access only#',
  ])

  const first = await runDrover(['playbook', '-i', inventory, join(dir, 'site.yml'), '-f', '10', '--diff'], { env: env(), cwd: dir })
  assert.equal(first.code, 0, first.stdout + first.stderr)
  for (const device of sim.devices) {
    assert.match(first.stdout, new RegExp(`${device.name} +: ok=3 +changed=3 +unreachable=0 +failed=0`))
    // What the device received in configuration mode is what --diff showed, plus the `end` that leaves it.
    const sent = device.configLines.filter((line) => line !== 'end')
    assert.deepEqual(sent, shown.get(device.name), `${device.name} received other lines than --check --diff showed`)
  }
  assert.ok(sim.devices[0]!.configuring.max > 1, 'devices were configured one at a time')
  assert.match(first.stdout, /TASK \[banner\] \*+\nbanner motd #Authorized access only#\nchanged: \[r\d+\]/)
  assert.match(sim.device('r7').config.running().join('\n'), /interface GigabitEthernet0\/1\n description uplink to core\n ip address 10\.0\.7\.1 255\.255\.255\.0\n shutdown\n/)

  const second = await runDrover(['playbook', '-i', inventory, join(dir, 'site.yml'), '-f', '10', '--diff'], { env: env(), cwd: dir })
  assert.equal(second.code, 0, second.stdout + second.stderr)
  for (const device of sim.devices) assert.match(second.stdout, new RegExp(`${device.name} +: ok=3 +changed=0 +unreachable=0 +failed=0`))
  assert.doesNotMatch(second.stdout, /description uplink to core/)
  for (const secret of [SIM_PASSWORD, SIM_ENABLE]) assert.ok(!first.stdout.includes(secret) && !second.stdout.includes(secret))
})

test('backup saves the running configuration beside the playbook', async () => {
  writeFileSync(join(dir, 'backup.yml'), ['- hosts: r1', '  gather_facts: false', '  tasks:', '    - cli_config:', '        backup: true', '      register: b', '    - debug: var=b.backup_path', ''].join('\n'))
  const run = await runDrover(['playbook', '-i', inventory, join(dir, 'backup.yml')], { env: env(), cwd: dir })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  const files = readdirSync(join(dir, 'backup'))
  assert.equal(files.length, 1)
  assert.match(files[0]!, /^r1_config\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d$/)
  const saved = readFileSync(join(dir, 'backup', files[0]!), 'utf8')
  assert.match(saved, /^!\nversion 15\.6\n/)
  assert.match(saved, /hostname R1\n/)
  assert.doesNotMatch(saved, /Building configuration/)
  assert.match(run.stdout, /r1 +: ok=2 +changed=1/)
})
