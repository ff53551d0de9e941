/** Cisco IOS and IOS-XE style CLIs (ansible_network_os cisco.ios.ios). Prompts and errors as ansible cisco.ios's terminal plugin. */
import type { Platform } from '../platform.js'

export const ios: Platform = {
  name: 'ios',
  networkOs: ['ios', 'cisco.ios.ios', 'cisco.ios'],
  prompts: ['[\\r\\n]?[\\w+\\-.:/\\[\\]]+(?:\\([^)]+\\)){0,3}[>#] ?$'],
  errors: [
    '% ?Error',
    '% ?Bad secret',
    '[\\r\\n%] Bad passwords',
    '(?:[Ii]nvalid input)',
    '(?:[Ii]ncomplete|[Aa]mbiguous) command',
    '[Cc]onnection timed out',
    '[^\\r\\n]+ not found',
    'Bad mask',
    'Command authorization failed',
    '[Cc]ommand [Rr]ejected: ?\\s+',
  ],
  onOpen: ['terminal length 0', 'terminal width 512'],
  pager: { prompt: ' ?--More-- ?$', answer: ' ' },
  enable: { command: 'enable', passwordPrompt: '[\\r\\n]?(?:.*)?[Pp]assword: ?$', privilegedPrompt: '#\\s*$', disable: 'disable' },
  config: {
    enter: 'configure terminal',
    exit: 'end',
    show: 'show running-config',
    ignoreLines: ['^!', '^Building configuration', '^Current configuration', '^end$'],
    nonConfigLines: ['^Building configuration', '^Current configuration'],
    indent: 1,
  },
  facts: {
    hostname: { command: 'show version', pattern: '^(\\S+) uptime', flags: 'm' },
    version: { command: 'show version', pattern: 'Version (\\S+?)(?:,|\\s)' },
    model: { command: 'show version', pattern: '^[Cc]isco (\\S+).+bytes of .*memory', flags: 'm' },
    serialnum: { command: 'show version', pattern: 'board ID (\\S+)' },
    image: { command: 'show version', pattern: 'image file is "(.+)"' },
    interfaces: {
      command: 'show interfaces',
      start: '^(\\S+) is (up|down|administratively down), line protocol is (up|down)',
      fields: {
        description: '^\\s+Description: (.+?)\\s*$',
        macaddress: 'address is (\\S+)',
        mtu: 'MTU (\\d+) bytes',
        bandwidth: 'BW (\\d+) Kbit',
        mediatype: 'media type is (.+?)\\s*$',
        duplex: '^\\s+(\\w+)-duplex',
        type: 'Hardware is (.+?),',
      },
      ipv4: 'Internet address is (\\S+)',
    },
  },
}
