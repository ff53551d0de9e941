import type { ControllerModule } from '../src/module/types.js'

export interface GroupByArgs {
  key: string
  parents: string[]
}

export const group_by: ControllerModule<GroupByArgs> = {
  kind: 'controller',
  name: 'group_by',
  shortDescription: 'Create Ansible groups based on facts',
  description:
    'Puts the current host into a group named by key (spaces become dashes), created if needed, under the parent groups. ' +
    'The executor carries out the `_drover_group_by` instruction in the result.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['key'],
    properties: {
      key: { type: 'string', description: 'The variables whose values form the group name, e.g. "os_{{ ansible_distribution }}".' },
      parents: { type: 'array', items: { type: 'string' }, default: ['all'], description: 'The parent groups of the group.' },
    },
  },
  returns: {
    add_group: { type: 'str', description: 'The group the host was put in.' },
    parent_groups: { type: 'list', description: 'Its parent groups.' },
  },
  examples: ['- name: Group hosts by distribution', '  ansible.builtin.group_by:', '    key: os_{{ ansible_distribution }}'].join('\n'),

  run(args, context) {
    const group = args.key.replace(/ /g, '-')
    return { changed: true, add_group: group, parent_groups: args.parents, _drover_group_by: { host: context.host, group, parents: args.parents } }
  },
}
