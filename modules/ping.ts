import type { ActionModule } from '../src/module/types.js'

interface PingArgs {
  data: string
}

export const ping: ActionModule<PingArgs> = {
  kind: 'action',
  name: 'ping',
  shortDescription: 'Try to connect to host, verify a usable shell, return pong on success',
  description: 'Logs in and runs a trivial command, proving the host is reachable and its shell works. Not ICMP ping.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    properties: {
      data: { type: 'string', default: 'pong', description: 'Data to return for the ping return value. If "crash", the module fails.' },
    },
  },
  returns: { ping: { type: 'str', description: 'Value provided with the data parameter.' } },
  examples: ['- name: Check that every host answers', '  ansible.builtin.ping:'].join('\n'),

  async run(args, context) {
    if (args.data === 'crash') return { changed: false, failed: true, msg: 'boom' }
    const probe = await context.connection.exec('true')
    if (probe.rc !== 0) return { changed: false, failed: true, msg: `the remote shell failed to run 'true' (rc=${probe.rc})` }
    return { changed: false, ping: args.data }
  },
}
