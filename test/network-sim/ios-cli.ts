/**
 * One login to a simulated IOS-style device: user and privileged exec modes, `enable` with a
 * password, the pager (24-line pages with ` --More-- ` until `terminal length 0`), configuration
 * mode with sections, and IOS's error for anything it does not know. Behaviour knobs make it slow,
 * make it hang mid-command or refuse `terminal length`.
 */
import { DeviceConfig, GLOBAL_WORDS, SECTION_WORDS, type Section } from './device-config.js'

export interface DeviceBehaviour {
  enableSecret: string
  /** `terminal length` is refused (as under AAA command authorization): the pager stays on. */
  pagerLocked?: boolean
  /** Milliseconds before each response. */
  slowMs?: number
  /** Commands matching this print part of their output and then never finish. */
  hangOn?: RegExp
}

export interface DeviceState {
  config: DeviceConfig
  behaviour: DeviceBehaviour
  /** Every line received in configuration mode, in order, across sessions. */
  configLines: string[]
  /** Devices in configuration mode right now, and the most at once (shared by all devices of a sim). */
  configuring: { now: number; max: number }
}

type Mode = { kind: 'user' } | { kind: 'exec' } | { kind: 'config' } | { kind: 'section'; section: Section } | { kind: 'password'; tries: number }

const MORE = ' --More-- '
const ERASE = '\b'.repeat(MORE.length) + ' '.repeat(MORE.length) + '\b'.repeat(MORE.length)

export class IosCli {
  private mode: Mode = { kind: 'user' }
  private termLength = 24
  private input = ''
  private lastWasCr = false
  /** Lines waiting behind the pager, and what to print once they are out. */
  private paging: { lines: string[]; after: () => void } | undefined
  private busy = false
  /** A question the device asked (a confirmation): the next line answers it. */
  private question: ((answer: string) => void) | undefined
  private hung = false

  constructor(
    private readonly device: DeviceState,
    private readonly write: (text: string) => void,
  ) {}

  start(): void {
    this.write(`\r\n${this.device.config.hostname} line 2\r\n\r\n`)
    this.prompt()
  }

  receive(data: string): void {
    for (const ch of data) this.key(ch)
  }

  private key(ch: string): void {
    if (this.hung) return
    if (this.paging) return this.pagerKey(ch)
    if (ch === '\n' && this.lastWasCr) {
      this.lastWasCr = false
      return
    }
    this.lastWasCr = ch === '\r'
    if (ch === '\x1a') {
      if (this.mode.kind === 'config' || this.mode.kind === 'section') {
        this.leaveConfig()
        this.write('^Z\r\n')
        this.prompt()
      }
      return
    }
    if (ch !== '\r' && ch !== '\n') {
      this.input += ch
      return
    }
    const line = this.input
    this.input = ''
    if (this.mode.kind !== 'password') this.write(`${line}\r\n`)
    else this.write('\r\n')
    if (this.busy) return
    const delay = this.device.behaviour.slowMs ?? 0
    if (delay > 0) {
      this.busy = true
      setTimeout(() => {
        this.busy = false
        this.command(line)
      }, delay)
    } else this.command(line)
  }

  private pagerKey(ch: string): void {
    const paging = this.paging!
    this.write(ERASE)
    if (ch === 'q') {
      this.paging = undefined
      return paging.after()
    }
    this.page(ch === ' ' ? this.termLength - 1 : 1, paging.lines, paging.after)
  }

  /** Prints lines through the pager (when it is on), then runs `after`. */
  private output(lines: string[], after: () => void = () => this.prompt()): void {
    if (this.termLength === 0 || lines.length < this.termLength) {
      if (lines.length) this.write(`${lines.join('\r\n')}\r\n`)
      return after()
    }
    this.page(this.termLength - 1, lines, after)
  }

  private page(count: number, lines: string[], after: () => void): void {
    const shown = lines.slice(0, count)
    const rest = lines.slice(count)
    if (shown.length) this.write(`${shown.join('\r\n')}\r\n`)
    if (rest.length === 0) {
      this.paging = undefined
      return after()
    }
    this.paging = { lines: rest, after }
    this.write(MORE)
  }

  private prompt(): void {
    const host = this.device.config.hostname
    switch (this.mode.kind) {
      case 'user':
        return this.write(`${host}>`)
      case 'exec':
        return this.write(`${host}#`)
      case 'config':
        return this.write(`${host}(config)#`)
      case 'section': {
        const kind = this.mode.section.line.split(' ')[0]
        const suffix = kind === 'interface' ? 'if' : kind === 'router' ? 'router' : kind === 'vlan' ? 'vlan' : 'line'
        return this.write(`${host}(config-${suffix})#`)
      }
      case 'password':
        return this.write('Password: ')
    }
  }

  private invalid(line: string): void {
    const at = this.promptWidth() + Math.max(0, line.search(/\S/))
    this.output([`${' '.repeat(at)}^`, "% Invalid input detected at '^' marker.", ''])
  }

  private promptWidth(): number {
    const host = this.device.config.hostname
    return this.mode.kind === 'config' ? host.length + 9 : this.mode.kind === 'section' ? host.length + 12 : host.length + 1
  }

  private command(raw: string): void {
    const line = raw.trim()
    const hang = this.device.behaviour.hangOn
    if (hang?.test(line) && !this.question && this.mode.kind !== 'password') {
      this.hung = true
      this.write('Building configuration...\r\n')
      return
    }
    if (this.question) {
      const answer = this.question
      this.question = undefined
      return answer(raw)
    }
    if (this.mode.kind === 'password') return this.password(raw)
    if (line === '') return this.prompt()
    if (this.mode.kind === 'config' || this.mode.kind === 'section') return this.configure(line)
    return this.exec(line)
  }

  private password(given: string): void {
    if (given === this.device.behaviour.enableSecret) {
      this.mode = { kind: 'exec' }
      return this.prompt()
    }
    const tries = (this.mode as { tries: number }).tries + 1
    if (tries >= 3) {
      this.mode = { kind: 'user' }
      this.write('% Bad secrets\r\n\r\n')
      return this.prompt()
    }
    this.mode = { kind: 'password', tries }
    this.prompt()
  }

  private exec(line: string): void {
    const privileged = this.mode.kind === 'exec'
    const words = line.split(/\s+/)
    if (line === 'enable') {
      if (privileged) return this.prompt()
      this.mode = { kind: 'password', tries: 0 }
      return this.prompt()
    }
    if (line === 'disable') {
      this.mode = { kind: 'user' }
      return this.prompt()
    }
    if (words[0] === 'terminal' && (words[1] === 'length' || words[1] === 'width') && /^\d+$/.test(words[2] ?? '')) {
      if (this.device.behaviour.pagerLocked) return this.output(['Command authorization failed.', ''])
      if (words[1] === 'length') this.termLength = Number(words[2])
      return this.prompt()
    }
    if (line === 'show version') return this.output(this.showVersion())
    if (line === 'show interfaces') return this.output(this.showInterfaces())
    if (privileged && (line === 'show running-config' || line === 'show run')) return this.output(this.device.config.running())
    if (privileged && (line === 'configure terminal' || line === 'conf t')) {
      this.mode = { kind: 'config' }
      const { configuring } = this.device
      configuring.now++
      configuring.max = Math.max(configuring.max, configuring.now)
      return this.output(['Enter configuration commands, one per line.  End with CNTL/Z.'])
    }
    if (privileged && line === 'clear counters') {
      this.write('Clear "show interface" counters on all interfaces [confirm]')
      this.question = (answer) => (answer.trim() === 'n' ? this.prompt() : this.output(['', 'Cleared counters']))
      return
    }
    if (line === 'write memory') return this.output(['Building configuration...', '[OK]'])
    return this.invalid(line)
  }

  private configure(line: string): void {
    this.device.configLines.push(line)
    if (line === 'end' || (line === 'exit' && this.mode.kind === 'config')) {
      this.leaveConfig()
      return this.prompt()
    }
    if (line === 'exit') {
      this.mode = { kind: 'config' }
      return this.prompt()
    }
    const word = line.split(/\s+/)[0]!
    const negated = line.startsWith('no ') ? line.split(/\s+/)[1] ?? '' : word
    if (this.mode.kind === 'section') {
      const kind = this.mode.section.line.split(' ')[0]!
      if (SECTION_WORDS[kind]?.has(word) && (word !== 'no' || SECTION_WORDS[kind]!.has(negated))) {
        this.device.config.setInSection(this.mode.section, line)
        return this.prompt()
      }
      // As IOS: a command the section does not know is tried in global configuration mode.
      this.mode = { kind: 'config' }
    }
    if (!GLOBAL_WORDS.has(word) || (word === 'no' && !GLOBAL_WORDS.has(negated)) || line.split(/\s+/).length < 2) return this.invalid(line)
    if (/^(interface|line|router|vlan) /.test(line)) {
      this.mode = { kind: 'section', section: this.device.config.section(line) }
      return this.prompt()
    }
    this.device.config.setGlobal(line)
    this.prompt()
  }

  private leaveConfig(): void {
    this.mode = { kind: 'exec' }
    this.device.configuring.now--
  }

  private showVersion(): string[] {
    const host = this.device.config.hostname
    return [
      'Cisco IOS Software, IOSv Software (VIOS-ADVENTERPRISEK9-M), Version 15.6(2)T, RELEASE SOFTWARE (fc2)',
      'Technical Support: http://www.cisco.com/techsupport',
      'Copyright (c) 1986-2016 by Cisco Systems, Inc.',
      'Compiled Tue 22-Mar-16 16:19 by prod_rel_team',
      '',
      '',
      'ROM: Bootstrap program is IOSv',
      '',
      `${host} uptime is 1 hour, 2 minutes`,
      'System returned to ROM by reload',
      'System image file is "flash0:/vios-adventerprisek9-m"',
      'Last reload reason: Unknown reason',
      '',
      '',
      'This product contains cryptographic features and is subject to United',
      'States and local country laws governing import, export, transfer and',
      'use. Delivery of Cisco cryptographic products does not imply',
      'third-party authority to import, export, distribute or use encryption.',
      'Importers, exporters, distributors and users are responsible for',
      'compliance with U.S. and local country laws. By using this product you',
      'agree to comply with applicable laws and regulations. If you are unable',
      'to comply with U.S. and local laws, return this product immediately.',
      '',
      'Cisco IOSv (revision 1.0) with  with 460033K/62464K bytes of memory.',
      `Processor board ID 9${host.toUpperCase().replace(/[^A-Z0-9]/g, '')}X1`,
      '4 Gigabit Ethernet interfaces',
      'DRAM configuration is 72 bits wide with parity disabled.',
      '256K bytes of non-volatile configuration memory.',
      '2097152K bytes of ATA System CompactFlash 0 (Read/Write)',
      '0K bytes of ATA CompactFlash 1 (Read/Write)',
      '',
      'Configuration register is 0x0',
      '',
    ]
  }

  private showInterfaces(): string[] {
    const lines: string[] = []
    for (const entry of this.device.config.entries.filter((e) => e.line.startsWith('interface '))) {
      const name = entry.line.slice('interface '.length)
      const down = entry.children.includes('shutdown')
      lines.push(`${name} is ${down ? 'administratively down' : 'up'}, line protocol is ${down ? 'down' : 'up'} `)
      lines.push('  Hardware is iGbE, address is 5254.0012.3456 (bia 5254.0012.3456)')
      const description = entry.children.find((c) => c.startsWith('description '))
      if (description) lines.push(`  Description: ${description.slice('description '.length)}`)
      const address = entry.children.find((c) => c.startsWith('ip address '))?.split(' ')
      if (address) lines.push(`  Internet address is ${address[2]}/${prefixLength(address[3] ?? '')}`)
      const mtu = entry.children.find((c) => c.startsWith('mtu '))?.split(' ')[1] ?? '1500'
      lines.push(`  MTU ${mtu} bytes, BW 1000000 Kbit/sec, DLY 10 usec,`, '     reliability 255/255, txload 1/255, rxload 1/255', '  Encapsulation ARPA, loopback not set', '  Full-duplex, Auto-speed, link type is auto, media type is RJ45')
    }
    return lines
  }
}

function prefixLength(mask: string): number {
  return mask.split('.').reduce((bits, octet) => bits + (Number(octet) >>> 0).toString(2).replace(/0/g, '').length, 0)
}
