/**
 * Juniper Junos style CLIs (ansible_network_os junipernetworks.junos.junos): no enable, a
 * candidate configuration of `set` lines that takes effect on `commit`. Prompts and errors as
 * ansible junipernetworks.junos's terminal plugin.
 */
import type { Platform } from '../platform.js'

export const junos: Platform = {
  name: 'junos',
  networkOs: ['junos', 'junipernetworks.junos.junos', 'junipernetworks.junos'],
  prompts: ['(?:\\{primary:node\\d+\\})?[\\r\\n]?[\\w@+\\-.:/\\[\\]]+[>#%] ?$'],
  errors: ['unknown command', 'syntax error', '(?:^|[\\r\\n])error:'],
  onOpen: ['set cli timestamp disable', 'set cli screen-length 0', 'set cli screen-width 1024'],
  pager: { prompt: '---\\(more(?: \\d+%)?\\)---\\s*$', answer: ' ' },
  config: {
    enter: 'configure',
    commit: 'commit',
    exit: 'exit configuration-mode',
    show: 'show configuration | display set',
    ignoreLines: ['^#', '^\\[edit'],
    nonConfigLines: [],
    indent: 4,
  },
  facts: {
    hostname: { command: 'show version', pattern: '^Hostname: (\\S+)', flags: 'm' },
    version: { command: 'show version', pattern: '^Junos: (\\S+)', flags: 'm' },
    model: { command: 'show version', pattern: '^Model: (\\S+)', flags: 'm' },
    serialnum: { command: 'show chassis hardware', pattern: '^Chassis +(\\S+)', flags: 'm' },
    interfaces: {
      command: 'show interfaces',
      start: '^Physical interface: ([^,\\s]+), (Enabled|Disabled|Administratively down), Physical link is (Up|Down)',
      fields: {
        description: '^\\s+Description: (.+?)\\s*$',
        macaddress: 'Current address: ([0-9a-f:]+)',
        mtu: 'MTU: (\\d+)',
        type: 'Link-level type: ([\\w-]+)',
      },
      ipv4: 'Local: (\\d+\\.\\d+\\.\\d+\\.\\d+)',
    },
  },
}
