import assert from 'node:assert/strict'
import { test } from 'node:test'
import { factCommands, parseFacts } from '../../../src/network/facts.js'
import { platformFor } from '../../../src/network/platform-lookup.js'
import { eos } from '../../../src/network/platforms/eos.js'
import { ios } from '../../../src/network/platforms/ios.js'

const IOS_VERSION = [
  'Cisco IOS Software, IOSv Software (VIOS-ADVENTERPRISEK9-M), Version 15.6(2)T, RELEASE SOFTWARE (fc2)',
  'edge-1 uptime is 3 weeks, 1 day, 2 hours',
  'System image file is "flash0:/vios-adventerprisek9-m"',
  'Cisco IOSv (revision 1.0) with  with 460033K/62464K bytes of memory.',
  'Processor board ID 9XYZ123',
].join('\n')

const IOS_INTERFACES = [
  'GigabitEthernet0/0 is up, line protocol is up ',
  '  Hardware is iGbE, address is 5254.0012.3456 (bia 5254.0012.3456)',
  '  Description: to core',
  '  Internet address is 10.0.0.1/24',
  '  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec,',
  '  Full-duplex, Auto-speed, link type is auto, media type is RJ45',
  'GigabitEthernet0/1 is administratively down, line protocol is down ',
  '  Hardware is iGbE, address is 5254.0012.3457 (bia 5254.0012.3457)',
  '  MTU 9000 bytes, BW 1000000 Kbit/sec, DLY 10 usec,',
].join('\n')

test('IOS facts from show version and show interfaces', () => {
  assert.deepEqual(factCommands(ios.facts), ['show version', 'show interfaces'])
  const facts = parseFacts(ios.facts, { 'show version': IOS_VERSION, 'show interfaces': IOS_INTERFACES }, 'ios')
  assert.equal(facts.ansible_net_hostname, 'edge-1')
  assert.equal(facts.ansible_net_version, '15.6(2)T')
  assert.equal(facts.ansible_net_model, 'IOSv')
  assert.equal(facts.ansible_net_serialnum, '9XYZ123')
  assert.equal(facts.ansible_net_image, 'flash0:/vios-adventerprisek9-m')
  assert.deepEqual(facts.ansible_net_all_ipv4_addresses, ['10.0.0.1'])
  assert.deepEqual((facts.ansible_net_interfaces as Record<string, unknown>)['GigabitEthernet0/0'], {
    description: 'to core',
    macaddress: '5254.0012.3456',
    mtu: 1500,
    bandwidth: 1000000,
    duplex: 'Full',
    lineprotocol: 'up',
    operstatus: 'up',
    type: 'iGbE',
    mediatype: 'RJ45',
    ipv4: [{ address: '10.0.0.1', subnet: '24' }],
  })
  const down = (facts.ansible_net_interfaces as Record<string, { operstatus: string; mtu: number; description: string | null; ipv4: unknown[] }>)['GigabitEthernet0/1']!
  assert.deepEqual([down.operstatus, down.mtu, down.description, down.ipv4], ['administratively down', 9000, null, []])
})

test('EOS facts from its own show commands', () => {
  const outputs = {
    'show hostname': 'Hostname: leaf1\nFQDN:     leaf1.lab',
    'show version': 'Arista vEOS\nHardware version:    \nSerial number:       SN-4411\nSystem MAC address:  5254.00ab.cdef\n\nSoftware image version: 4.22.1F\n',
    'show interfaces': 'Ethernet1 is up, line protocol is up (connected)\n  Hardware is Ethernet, address is 5254.00ab.0001\n  Description: spine1\n  Internet address is 10.1.1.1/31\n  IP MTU 1500 bytes\n',
  }
  assert.deepEqual(factCommands(eos.facts), ['show hostname', 'show version', 'show interfaces'])
  const facts = parseFacts(eos.facts, outputs, 'eos')
  assert.deepEqual([facts.ansible_net_hostname, facts.ansible_net_version, facts.ansible_net_model, facts.ansible_net_serialnum], ['leaf1', '4.22.1F', 'vEOS', 'SN-4411'])
  assert.deepEqual((facts.ansible_net_interfaces as Record<string, { ipv4: unknown }>).Ethernet1!.ipv4, [{ address: '10.1.1.1', subnet: '31' }])
})

test('ansible_network_os picks the platform; unknown or missing ones are clear errors', () => {
  assert.equal(platformFor('cisco.ios.ios').name, 'ios')
  assert.equal(platformFor('eos').name, 'eos')
  assert.throws(() => platformFor(''), /Please manually configure ansible_network_os/)
  assert.throws(() => platformFor('vyos.vyos.vyos'), /network os vyos\.vyos\.vyos is not supported/)
})

test('Junos facts: show version, chassis serial, physical interfaces', () => {
  const junos = platformFor('junipernetworks.junos.junos')
  const outputs = {
    'show version': 'Hostname: vsrx1\nModel: vsrx\nJunos: 21.1R1.11\nJUNOS OS Kernel 64-bit  [20210308.a7d9ca8_builder_stable_11]',
    'show chassis hardware': 'Hardware inventory:\nItem             Version  Part number  Serial number     Description\nChassis                                 CV1234AB          VSRX',
    'show interfaces': [
      'Physical interface: ge-0/0/0, Enabled, Physical link is Up',
      '  Interface index: 136, SNMP ifIndex: 510',
      '  Description: to spine',
      '  Link-level type: Ethernet, MTU: 1514, Link-mode: Full-duplex, Speed: 1000mbps,',
      '  Current address: 52:54:00:12:34:56, Hardware address: 52:54:00:12:34:56',
      '    Addresses, Flags: Is-Preferred Is-Primary',
      '      Destination: 10.0.0/24, Local: 10.0.0.1, Broadcast: 10.0.0.255',
    ].join('\n'),
  }
  assert.deepEqual(factCommands(junos.facts), ['show version', 'show chassis hardware', 'show interfaces'])
  const facts = parseFacts(junos.facts, outputs, 'junos')
  assert.deepEqual([facts.ansible_net_hostname, facts.ansible_net_version, facts.ansible_net_model, facts.ansible_net_serialnum], ['vsrx1', '21.1R1.11', 'vsrx', 'CV1234AB'])
  const ge = (facts.ansible_net_interfaces as Record<string, { description: string; mtu: number; macaddress: string; operstatus: string; lineprotocol: string; ipv4: unknown }>)['ge-0/0/0']!
  assert.deepEqual([ge.description, ge.mtu, ge.macaddress, ge.operstatus, ge.lineprotocol], ['to spine', 1514, '52:54:00:12:34:56', 'Enabled', 'Up'])
  assert.deepEqual(ge.ipv4, [{ address: '10.0.0.1', subnet: '' }])
})
