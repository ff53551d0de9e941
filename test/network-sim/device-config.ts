/**
 * The configuration one simulated IOS-style device holds: top-level lines and sections (a line
 * with indented lines under it), rendered the way `show running-config` prints them.
 */
export interface Section {
  line: string
  children: string[]
}

/** Global configuration commands the simulator accepts (the first word). */
export const GLOBAL_WORDS = new Set(['hostname', 'interface', 'banner', 'line', 'router', 'ip', 'ipv6', 'service', 'logging', 'ntp', 'snmp-server', 'username', 'vlan', 'spanning-tree', 'aaa', 'clock', 'enable', 'no', 'cdp', 'lldp'])
/** Commands accepted inside a section, per section kind (the section line's first word). */
export const SECTION_WORDS: Record<string, Set<string>> = {
  interface: new Set(['description', 'ip', 'ipv6', 'shutdown', 'no', 'mtu', 'speed', 'duplex', 'switchport', 'bandwidth', 'load-interval', 'cdp', 'channel-group', 'media-type']),
  line: new Set(['login', 'transport', 'exec-timeout', 'password', 'logging', 'no', 'privilege']),
  router: new Set(['network', 'neighbor', 'router-id', 'no', 'redistribute', 'passive-interface']),
  vlan: new Set(['name', 'no']),
}
/** Section commands whose value replaces the previous one (`description x` replaces `description y`). */
const SINGLE_VALUED = ['description', 'ip address', 'mtu', 'speed', 'duplex', 'bandwidth', 'exec-timeout', 'router-id', 'name', 'hostname', 'banner motd', 'banner login']

function sameSetting(a: string, b: string): boolean {
  return SINGLE_VALUED.some((key) => a.startsWith(`${key} `) && b.startsWith(`${key} `))
}

export class DeviceConfig {
  readonly entries: Section[]

  constructor(hostname: string) {
    this.entries = [
      { line: 'version 15.6', children: [] },
      { line: 'service timestamps debug datetime msec', children: [] },
      { line: 'service timestamps log datetime msec', children: [] },
      { line: 'no service password-encryption', children: [] },
      { line: `hostname ${hostname}`, children: [] },
      { line: 'ip domain name lab.example', children: [] },
      { line: 'interface GigabitEthernet0/0', children: ['description management', 'ip address 192.168.0.1 255.255.255.0', 'duplex auto', 'speed auto', 'media-type rj45'] },
      { line: 'interface GigabitEthernet0/1', children: ['no ip address', 'shutdown', 'duplex auto', 'speed auto', 'media-type rj45'] },
      { line: 'interface GigabitEthernet0/2', children: ['no ip address', 'shutdown', 'duplex auto', 'speed auto', 'media-type rj45'] },
      { line: 'interface GigabitEthernet0/3', children: ['no ip address', 'shutdown', 'duplex auto', 'speed auto', 'media-type rj45'] },
      { line: 'line con 0', children: [] },
      { line: 'line vty 0 4', children: ['login local', 'transport input ssh'] },
    ]
  }

  get hostname(): string {
    return this.entries.find((e) => e.line.startsWith('hostname '))?.line.slice('hostname '.length) ?? 'Router'
  }

  section(line: string): Section {
    let section = this.entries.find((e) => e.line === line)
    if (!section) {
      section = { line, children: [] }
      // New sections go after the last section of their kind, as IOS sorts interfaces together.
      const kind = line.split(' ')[0]
      const last = this.entries.map((e) => e.line.split(' ')[0]).lastIndexOf(kind)
      this.entries.splice(last === -1 ? this.entries.length : last + 1, 0, section)
    }
    return section
  }

  setGlobal(line: string): void {
    if (line.startsWith('no ')) {
      const target = line.slice(3)
      const at = this.entries.findIndex((e) => e.line === target || sameSetting(e.line, `${target} `) || e.line.startsWith(`${target} `))
      if (at !== -1) this.entries.splice(at, 1)
      return
    }
    const existing = this.entries.find((e) => e.line === line || sameSetting(e.line, line))
    if (existing) existing.line = line
    else this.entries.splice(this.entries.findIndex((e) => e.line.startsWith('interface ')), 0, { line, children: [] })
  }

  setInSection(section: Section, line: string): void {
    const { children } = section
    if (line.startsWith('no ')) {
      const target = line.slice(3)
      const at = children.findIndex((c) => c === target || c.startsWith(`${target} `))
      if (at !== -1) children.splice(at, 1)
      if (target === 'shutdown') return
      if (target.startsWith('ip address')) children.unshift('no ip address')
      return
    }
    if (line.startsWith('ip address')) {
      const at = children.indexOf('no ip address')
      if (at !== -1) {
        children[at] = line
        return
      }
    }
    const same = children.findIndex((c) => c === line || sameSetting(c, line))
    if (same !== -1) children[same] = line
    else if (line.startsWith('description ')) children.unshift(line)
    else children.push(line)
  }

  running(): string[] {
    const body: string[] = []
    let previousWasSection = true
    for (const entry of this.entries) {
      const isSection = entry.children.length > 0 || /^(interface|line|router|vlan) /.test(entry.line)
      if (isSection || previousWasSection) body.push('!')
      body.push(entry.line, ...entry.children.map((c) => ` ${c}`))
      previousWasSection = isSection
    }
    body.push('!', 'end')
    const bytes = body.join('\n').length
    return ['Building configuration...', '', `Current configuration : ${bytes} bytes`, ...body]
  }
}
