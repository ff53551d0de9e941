import { ConnectionError } from '../src/errors.js'
import { HostLink, sleep, untilSuccess } from '../src/module/reconnect.js'
import { quote } from '../src/module/shell.js'
import type { ActionModule, ModuleResult } from '../src/module/types.js'

export interface RebootArgs {
  reboot_timeout: number
  connect_timeout?: number
  pre_reboot_delay: number
  post_reboot_delay: number
  test_command: string
  msg: string
  boot_time_command: string
  reboot_command?: string
  search_paths: string[]
}

/** Ansible's backoff between checks: 1, 2, 4, 8 then 12 seconds (plus up to a second of jitter). */
const backoff = (failures: number) => Math.min(2 ** failures, 12) + Math.random()

/** Python's repr of a list of strings, as Ansible's message shows search_paths. */
const pyList = (items: string[]) => `[${items.map((i) => `'${i.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ')}]`

/** Shell text: the reboot command, found in search_paths as Ansible's find does (or the user's own). */
export function rebootScript(args: RebootArgs): string {
  if (args.reboot_command !== undefined) {
    // The user's text is a command line (Ansible runs it through the shell): only its program is looked up.
    const [program, ...rest] = args.reboot_command.split(' ')
    const tail = rest.length ? ` ${rest.join(' ')}` : ''
    if (program!.startsWith('/')) return `${quote(program!)}${tail}`
    return findIn(args.search_paths, program!, (path) => `"${path}"${tail}`)
  }
  const delayMin = Math.floor(Math.max(0, args.pre_reboot_delay) / 60)
  return findIn(args.search_paths, 'shutdown', (path) => `"${path}" -r ${delayMin} ${quote(args.msg)}`)
}

function findIn(paths: string[], program: string, run: (pathVar: string) => string): string {
  return [
    'drover_bin=',
    `for drover_d in ${paths.map(quote).join(' ')}; do if [ -x "$drover_d"/${quote(program)} ]; then drover_bin="$drover_d"/${quote(program)}; break; fi; done`,
    `if [ -z "$drover_bin" ]; then echo ${quote(`Unable to find command "${program}" in search paths: ${pyList(paths)}`)} >&2; exit 127; fi`,
    run('$drover_bin'),
  ].join('\n')
}

export const reboot: ActionModule<RebootArgs> = {
  kind: 'action',
  name: 'reboot',
  shortDescription: 'Reboots the host and waits for it to come back',
  description:
    'Reads the boot id (boot_time_command), runs shutdown -r, then reconnects until the boot id has changed and test_command succeeds, ' +
    'within reboot_timeout. The host\'s connection and persistent shells are replaced by new ones for the tasks after it. ' +
    'Always changed; in check mode reports a reboot without doing it. Refuses the local connection.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    aliases: { reboot_timeout_sec: 'reboot_timeout', connect_timeout_sec: 'connect_timeout', pre_reboot_delay_sec: 'pre_reboot_delay', post_reboot_delay_sec: 'post_reboot_delay' },
    properties: {
      reboot_timeout: { type: 'integer', default: 600, description: 'Seconds to wait for the host to come back and pass test_command.' },
      connect_timeout: { type: 'integer', description: 'Seconds for each connection attempt while waiting (default: the host\'s).' },
      pre_reboot_delay: { type: 'integer', default: 0, description: 'Seconds before rebooting, passed to shutdown in whole minutes.' },
      post_reboot_delay: { type: 'integer', default: 0, description: 'Seconds to wait after the reboot command before checking.' },
      test_command: { type: 'string', default: 'whoami', description: 'A command that must succeed once the host is back.' },
      msg: { type: 'string', default: 'Reboot initiated by Ansible', description: 'The message shutdown broadcasts.' },
      boot_time_command: { type: 'string', default: 'cat /proc/sys/kernel/random/boot_id', description: 'A command whose output changes with every boot.' },
      reboot_command: { type: 'string', description: 'The command (and arguments) to run instead of shutdown -r.' },
      search_paths: { type: 'array', items: { type: 'string' }, default: ['/sbin', '/bin', '/usr/sbin', '/usr/bin', '/usr/local/sbin'], description: 'Where to look for shutdown.' },
    },
  },
  returns: {
    rebooted: { type: 'bool', description: 'Whether the host rebooted.' },
    elapsed: { type: 'int', description: 'Seconds from the reboot command until the host was back.' },
  },
  examples: ['- name: Reboot and wait up to 10 minutes', '  ansible.builtin.reboot:', '    reboot_timeout: 600'].join('\n'),

  async run(args, context): Promise<ModuleResult> {
    if (context.connection.transport === 'local') return { changed: false, elapsed: 0, rebooted: false, failed: true, msg: 'Running reboot with local connection would reboot the control node.' }
    if (context.check) return { changed: true, elapsed: 0, rebooted: true }
    const attempt = Math.max(1, args.connect_timeout ?? 10)
    const before = await context.connection.exec(args.boot_time_command)
    const out = (r: { stdout: Buffer }) => r.stdout.toString('utf8').trim()
    if (before.rc !== 0) {
      return { changed: false, failed: true, reboot: false, msg: `reboot: failed to get host boot time info, rc: ${before.rc}, stdout: ${before.stdout.toString('utf8')}, stderr: ${before.stderr.toString('utf8')}` }
    }
    const previous = out(before)
    let start = Date.now()
    try {
      const result = await context.connection.exec(rebootScript(args))
      start = Date.now()
      if (result.rc !== 0) {
        return { changed: false, failed: true, rebooted: false, elapsed: 0, msg: `Reboot command failed. Error was: '${out(result)}, ${result.stderr.toString('utf8').trim()}'` }
      }
    } catch (error) {
      // The host may close the connection before the command returns: that is the reboot starting.
      if (!(error instanceof ConnectionError)) throw error
      start = Date.now()
    }
    await sleep(args.post_reboot_delay)
    const link = new HostLink(context, args.connect_timeout)
    // The old connection dies with the reboot: reconnecting at once also puts a new one in the pool for later tasks.
    link.drop()
    const elapsed = () => Math.floor((Date.now() - start) / 1000)
    const booted = await untilSuccess(
      async () => {
        const now = await link.exec(args.boot_time_command, attempt)
        if (now.rc !== 0) throw new Error(`reboot: failed to get host boot time info, rc: ${now.rc}`)
        if (out(now) === '' || out(now) === previous) throw new Error('boot time has not changed')
      },
      args.reboot_timeout,
      backoff,
    )
    if (!booted.ok) return { changed: false, failed: true, rebooted: true, elapsed: elapsed(), msg: `Timed out waiting for last boot time check (timeout=${args.reboot_timeout})` }
    const tested = await untilSuccess(
      async () => {
        const test = await link.exec(args.test_command, attempt)
        if (test.rc !== 0) throw new Error(`Test command failed: ${test.stderr.toString('utf8')} ${test.stdout.toString('utf8')}`)
      },
      args.reboot_timeout,
      backoff,
    )
    if (!tested.ok) return { changed: false, failed: true, rebooted: true, elapsed: elapsed(), msg: `Timed out waiting for post-reboot test command (timeout=${args.reboot_timeout})` }
    return { changed: true, rebooted: true, elapsed: elapsed() }
  },
}
