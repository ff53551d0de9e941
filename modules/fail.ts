import type { ControllerModule } from '../src/module/types.js'

export const fail: ControllerModule<{ msg: unknown }> = {
  kind: 'controller',
  name: 'fail',
  shortDescription: 'Fail with custom message',
  description: 'Fails the task for this host with the given message (use with when).',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    properties: { msg: { default: 'Failed as requested from task', description: 'The failure message.' } },
  },
  returns: { msg: { type: 'str', description: 'The failure message.' } },
  examples: ['- ansible.builtin.fail:', '    msg: The system may not be provisioned according to the CMDB status.', '  when: cmdb_status != "to-be-staged"'].join('\n'),

  run(args) {
    return { changed: false, failed: true, msg: args.msg }
  },
}
