import assert from 'node:assert/strict'
import { test } from 'node:test'
import { commandsFor, parseConfig, treeFromLines } from '../../../src/network/config-tree.js'
import { ios } from '../../../src/network/platforms/ios.js'

const IGNORE = ios.config.ignoreLines.map((p) => new RegExp(p))

const RUNNING = [
  'Building configuration...',
  '',
  'Current configuration : 412 bytes',
  '!',
  'hostname R1',
  '!',
  'interface GigabitEthernet0/1',
  ' description uplink',
  ' ip address 10.0.0.1 255.255.255.0',
  '!',
  'router bgp 65000',
  ' neighbor 10.0.0.2 remote-as 65001',
  ' address-family ipv4',
  '  network 10.0.0.0 mask 255.255.255.0',
  ' exit-address-family',
  '!',
  'end',
].join('\n')

test('running configuration parses into sections, comments and the show banner dropped', () => {
  const tree = parseConfig(RUNNING, IGNORE)
  assert.deepEqual(tree.map((l) => l.text), ['hostname R1', 'interface GigabitEthernet0/1', 'router bgp 65000'])
  assert.deepEqual(tree[1]!.children.map((l) => l.text), ['description uplink', 'ip address 10.0.0.1 255.255.255.0'])
  assert.deepEqual(tree[2]!.children[1]!.children.map((l) => l.text), ['network 10.0.0.0 mask 255.255.255.0'])
})

test('lines already present under their parents send nothing', () => {
  const running = parseConfig(RUNNING, IGNORE)
  assert.deepEqual(commandsFor(treeFromLines(['description uplink'], ['interface GigabitEthernet0/1']), running), [])
  assert.deepEqual(commandsFor(treeFromLines(['hostname R1']), running), [])
})

test('a missing line is sent after its parents; present siblings are left out', () => {
  const running = parseConfig(RUNNING, IGNORE)
  const wanted = treeFromLines(['description uplink', 'mtu 9000', 'no shutdown'], ['interface GigabitEthernet0/1'])
  assert.deepEqual(commandsFor(wanted, running), ['interface GigabitEthernet0/1', 'mtu 9000', 'no shutdown'])
})

test('nested parents are all sent before the missing line', () => {
  const running = parseConfig(RUNNING, IGNORE)
  const wanted = treeFromLines(['network 10.9.0.0 mask 255.255.0.0', 'network 10.0.0.0 mask 255.255.255.0'], ['router bgp 65000', 'address-family ipv4'])
  assert.deepEqual(commandsFor(wanted, running), ['router bgp 65000', 'address-family ipv4', 'network 10.9.0.0 mask 255.255.0.0'])
})

test('a new section is sent whole, in the order written, and parents are not repeated inside it', () => {
  const running = parseConfig(RUNNING, IGNORE)
  const wanted = parseConfig(['interface GigabitEthernet0/3', ' description new', ' shutdown', 'hostname R1', 'banner motd #hello#', 'interface GigabitEthernet0/1', ' mtu 1400'].join('\n'))
  assert.deepEqual(commandsFor(wanted, running), [
    'interface GigabitEthernet0/3',
    'description new',
    'shutdown',
    'banner motd #hello#',
    'interface GigabitEthernet0/1',
    'mtu 1400',
  ])
})

test('a line present in another section is still missing in this one', () => {
  const running = parseConfig(RUNNING, IGNORE)
  assert.deepEqual(commandsFor(treeFromLines(['description uplink'], ['interface GigabitEthernet0/2']), running), ['interface GigabitEthernet0/2', 'description uplink'])
})

test('match none sends every line, parents included', () => {
  const running = parseConfig(RUNNING, IGNORE)
  assert.deepEqual(commandsFor(treeFromLines(['description uplink'], ['interface GigabitEthernet0/1']), running, 'none'), ['interface GigabitEthernet0/1', 'description uplink'])
})

test('indentation of any width nests (EOS uses three spaces)', () => {
  const tree = parseConfig(['interface Ethernet1', '   description a', '   ip address 10.1.1.1/24', 'hostname sw1'].join('\n'))
  assert.deepEqual(tree.map((l) => [l.text, l.children.length]), [['interface Ethernet1', 2], ['hostname sw1', 0]])
})
