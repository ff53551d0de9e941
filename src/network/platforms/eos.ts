/** Arista EOS (ansible_network_os arista.eos.eos). Prompts and errors as ansible arista.eos's terminal plugin. */
import type { Platform } from '../platform.js'

export const eos: Platform = {
  name: 'eos',
  networkOs: ['eos', 'arista.eos.eos', 'arista.eos'],
  prompts: ['[\\r\\n]?[\\w+\\-.:/\\[\\]]+(?:\\([^)]+\\)){0,3}[>#] ?$', '\\[\\w+@[\\w\\-.]+(?: [^\\]])\\] ?[>#$] ?$'],
  errors: [
    '% ?Error',
    '% User not present',
    '% ?Bad secret',
    '(?:[Ii]nvalid input)',
    '(?:[Ii]ncomplete|[Aa]mbiguous) command',
    '[Cc]onnection timed out',
    '[^\\r\\n]+ not found(?! in current VLAN)',
    '% Subnet [0-9a-f.:/]+ overlaps',
    '% Prefix length must be less than',
  ],
  onOpen: ['terminal length 0', 'terminal width 512'],
  pager: { prompt: ' ?--More-- ?$', answer: ' ' },
  enable: { command: 'enable', passwordPrompt: '[\\r\\n]?(?:.*)?[Pp]assword: ?$', privilegedPrompt: '#\\s*$', disable: 'disable' },
  config: {
    enter: 'configure terminal',
    exit: 'end',
    show: 'show running-config',
    ignoreLines: ['^!', '^end$'],
    nonConfigLines: [],
    indent: 3,
  },
  facts: {
    hostname: { command: 'show hostname', pattern: '^Hostname: (\\S+)', flags: 'm' },
    version: { command: 'show version', pattern: '^Software image version: (\\S+)', flags: 'm' },
    model: { command: 'show version', pattern: '^Arista (\\S+)', flags: 'm' },
    serialnum: { command: 'show version', pattern: '^Serial number: *(\\S+)', flags: 'm' },
    interfaces: {
      command: 'show interfaces',
      start: '^(\\S+) is (up|down|administratively down), line protocol is (up|down|lowerlayerdown)',
      fields: {
        description: '^\\s+Description: (.+?)\\s*$',
        macaddress: 'address is (\\S+)',
        mtu: 'MTU (\\d+) bytes',
        bandwidth: 'BW (\\d+) kbit',
        type: 'Hardware is (\\w+)',
      },
      ipv4: 'Internet address is (\\S+)',
    },
  },
}
