import { HostLink, messageOf, sleep, untilSuccess } from '../src/module/reconnect.js'
import type { ActionModule } from '../src/module/types.js'

export interface WaitForConnectionArgs {
  connect_timeout: number
  delay: number
  sleep: number
  timeout: number
}

export const wait_for_connection: ActionModule<WaitForConnectionArgs> = {
  kind: 'action',
  reconnects: true,
  name: 'wait_for_connection',
  shortDescription: 'Waits until the host can be reached and runs commands',
  description:
    'Retries connecting to the host and running a trivial command (as Ansible runs its ping module) until it works or timeout passes, ' +
    'opening a new connection after each failure. Useful after a host was started or rebooted outside drover. Skipped in check mode.',
  output: 'json',
  checkMode: 'none',
  schema: {
    type: 'object',
    properties: {
      connect_timeout: { type: 'integer', default: 5, description: 'Seconds for each connection attempt.' },
      delay: { type: 'integer', default: 0, description: 'Seconds to wait before the first attempt.' },
      sleep: { type: 'integer', default: 1, description: 'Seconds between attempts.' },
      timeout: { type: 'integer', default: 600, description: 'Seconds to keep trying.' },
    },
  },
  returns: {
    elapsed: { type: 'float', description: 'Seconds spent waiting (whole seconds, as Ansible).' },
  },
  examples: ['- name: Wait up to 5 minutes for the host to come up', '  ansible.builtin.wait_for_connection:', '    timeout: 300'].join('\n'),

  async run(args, context) {
    if (context.check) return { skipped: true }
    const start = Date.now()
    await sleep(args.delay)
    const link = new HostLink(context, args.connect_timeout)
    const outcome = await untilSuccess(
      async () => {
        const probe = await link.exec('true', Math.max(1, args.connect_timeout))
        if (probe.rc !== 0) throw new Error('ping test failed')
      },
      args.timeout,
      () => args.sleep,
    )
    const elapsed = Math.floor((Date.now() - start) / 1000)
    if (!outcome.ok) return { changed: false, failed: true, elapsed, msg: `timed out waiting for ping module test: ${messageOf(outcome.error)}` }
    return { changed: false, elapsed }
  },
}
