import type { ControllerModule } from '../src/module/types.js'

export const META_ACTIONS = ['noop', 'flush_handlers', 'refresh_inventory', 'clear_facts', 'clear_host_errors', 'end_play', 'end_batch', 'end_host', 'reset_connection'] as const

export const meta: ControllerModule<{ _raw_params: string }> = {
  kind: 'controller',
  name: 'meta',
  shortDescription: 'Execute Ansible actions',
  description: 'Changes how the play runs: flush handlers now, end the play or this host, clear host errors, and so on. The executor carries the action out.',
  freeForm: { param: '_raw_params', inlineOptions: false },
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['_raw_params'],
    properties: { _raw_params: { type: 'string', enum: [...META_ACTIONS], description: 'The meta action.' } },
  },
  returns: {},
  examples: ['- ansible.builtin.meta: flush_handlers', '', '- ansible.builtin.meta: end_host', '  when: skip_this_host | bool'].join('\n'),

  run(args) {
    return { changed: false, _drover_meta: args._raw_params }
  },
}
