import { ModuleArgsError } from '../src/errors.js'
import type { ControllerModule } from '../src/module/types.js'

export const add_host: ControllerModule<Record<string, unknown>> = {
  kind: 'controller',
  name: 'add_host',
  shortDescription: 'Add a host (and alternatively a group) to the in-memory inventory',
  description:
    'Adds a host, with variables and groups, to the inventory for the rest of the run. It runs once per host it is given; ' +
    'the executor carries out the `_drover_add_host` instruction in the result.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['name'],
    additionalProperties: true,
    aliases: { host: 'name', hostname: 'name', group: 'groups', groupname: 'groups' },
    properties: {
      name: { type: 'string', description: 'The hostname/ip of the host to add, optionally with :port (also: host, hostname).' },
      groups: { type: 'array', items: { type: 'string' }, description: 'The groups to add the host to (also: group, groupname).' },
    },
  },
  returns: {
    add_host: { type: 'dict', description: 'host_name, groups and host_vars of the added host.' },
  },
  examples: [
    '- name: Add the new machine to the web group',
    '  ansible.builtin.add_host:',
    '    name: "{{ new_ip }}"',
    '    groups: web',
    '    ansible_user: admin',
  ].join('\n'),

  run(args) {
    const { name, groups, _raw_params: raw, ...vars } = args
    if (raw !== undefined) throw new ModuleArgsError('add_host takes key=value pairs or a mapping')
    let host = String(name)
    // host:port, as Ansible splits it (not for a bare IPv6 address).
    const port = /^([^:]+):(\d+)$/.exec(host)
    if (port) {
      host = port[1]!
      vars.ansible_port = Number(port[2])
    }
    const info = { host_name: host, groups: (groups as string[] | undefined) ?? [], host_vars: vars }
    return { changed: true, add_host: info, _drover_add_host: info }
  },
}
