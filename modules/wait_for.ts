import { parseSections } from '../src/module/file-facts.js'
import { quote } from '../src/module/shell.js'
import type { ActionModule } from '../src/module/types.js'

export interface WaitForArgs {
  host: string
  port?: number
  path?: string
  state: 'started' | 'stopped' | 'present' | 'absent' | 'drained'
  delay: number
  timeout: number
  sleep: number
  connect_timeout: number
  search_regex?: string
  msg?: string
}

/** Exit 0 when the condition holds now; shell text from quoted data only. */
function condition(args: WaitForArgs): string {
  const ct = Math.max(1, Math.floor(args.connect_timeout))
  if (args.path !== undefined) {
    const p = quote(args.path)
    if (args.state === 'absent' || args.state === 'stopped') return `[ ! -e ${p} ]`
    if (args.search_regex === undefined) return `[ -e ${p} ]`
    // As Ansible's re.search(regex, whole content, re.MULTILINE): the file is one record (-z), lines still anchor ^ and $.
    return `[ -f ${p} ] && { if [ "$drover_re" = -P ]; then grep -qzP -e ${quote(`(?m)${args.search_regex.replace(/\n/g, "\\n")}`)} -- ${p}; else grep -qzE -e ${quote(args.search_regex)} -- ${p}; fi; } 2>/dev/null`
  }
  const target = `${quote(args.host)} ${Math.floor(args.port!)}`
  // nc where it exists, else bash's /dev/tcp (Debian always has bash): sh itself cannot open sockets.
  const open = `{ if command -v nc >/dev/null 2>&1; then nc -z -w ${ct} ${target} </dev/null >/dev/null 2>&1; else timeout ${ct} bash -c 'exec 3<>"/dev/tcp/$0/$1"' ${target} 2>/dev/null; fi; }`
  if (args.state === 'stopped' || args.state === 'absent') return `! ${open}`
  if (args.search_regex === undefined) return open
  return `nc -w ${ct} ${target} </dev/null 2>/dev/null | grep -q "$drover_re" -e ${quote(args.search_regex)}`
}

/** The whole wait as one frame: delay, then poll every `sleep` seconds until the condition holds or time runs out. */
export function waitFrame(args: WaitForArgs): string {
  return [
    `if echo | grep -qP '^' 2>/dev/null; then drover_re=-P; else drover_re=-E; fi`,
    `drover_start=$(date +%s)`,
    `sleep ${Math.max(0, args.delay)}`,
    `drover_end=$(( $(date +%s) + ${Math.max(0, Math.floor(args.timeout))} ))`,
    'while :; do',
    `  if ${condition(args)}; then echo '@@w:ok'; break; fi`,
    `  if [ "$(date +%s)" -ge "$drover_end" ]; then echo '@@w:timeout'; break; fi`,
    `  sleep ${Math.max(0, args.sleep)}`,
    'done',
    `echo '@@w:elapsed'; echo $(( $(date +%s) - drover_start ))`,
  ].join('\n')
}

function timeoutMessage(args: WaitForArgs): string {
  if (args.msg !== undefined) return args.msg
  const what = args.path !== undefined ? args.path : `${args.host}:${args.port}`
  if (args.state === 'stopped' || args.state === 'absent') return args.path !== undefined ? `Timeout when waiting for ${what} to be absent.` : `Timeout when waiting for ${what} to stop.`
  if (args.search_regex !== undefined) return `Timeout when waiting for search string ${args.search_regex} in ${what}`
  return args.path !== undefined ? `Timeout when waiting for file ${what}` : `Timeout when waiting for ${what}`
}

export const wait_for: ActionModule<WaitForArgs> = {
  kind: 'action',
  name: 'wait_for',
  shortDescription: 'Waits for a condition before continuing',
  description:
    'Waits on the host (not the controller) for a TCP port to accept connections or stop, or a file to appear (optionally containing ' +
    'search_regex) or disappear. The polling runs on the host inside one frame, bounded by timeout. Ports are probed with nc, or bash\'s /dev/tcp. ' +
    'Never changed; skipped in check mode, as in Ansible.',
  output: 'json',
  checkMode: 'none',
  schema: {
    type: 'object',
    properties: {
      host: { type: 'string', default: '127.0.0.1', description: 'A resolvable hostname or IP address to wait for, as seen from the host.' },
      port: { type: 'integer', description: 'Port number to poll.' },
      path: { type: 'string', description: 'Path to a file on the host to wait for.' },
      state: { type: 'string', default: 'started', enum: ['started', 'stopped', 'present', 'absent', 'drained'], description: 'started/present: wait until open or present; stopped/absent: until closed or gone (drained is not supported).' },
      delay: { type: 'integer', default: 0, description: 'Seconds to wait before starting to poll.' },
      timeout: { type: 'integer', default: 300, description: 'Maximum seconds to wait.' },
      sleep: { type: 'integer', default: 1, description: 'Seconds to sleep between checks.' },
      connect_timeout: { type: 'integer', default: 5, description: 'Seconds to wait for a connection before counting the attempt as failed.' },
      search_regex: { type: 'string', description: 'A regular expression the file (or what the port sends) must match (grep -P where available, else -E).' },
      msg: { type: 'string', description: 'The failure message instead of the default.' },
      exclude_hosts: { type: 'array', items: { type: 'string' }, description: 'Accepted for compatibility (only used with drained).' },
      active_connection_states: { type: 'array', items: { type: 'string' }, description: 'Accepted for compatibility (only used with drained).' },
    },
  },
  returns: {
    elapsed: { type: 'int', description: 'Seconds spent waiting.' },
    state: { type: 'str', description: 'The state waited for.' },
    path: { type: 'str', description: 'The path waited for.', returned: 'path given' },
    port: { type: 'int', description: 'The port waited for.', returned: 'port given' },
  },
  examples: [
    '- name: Wait for the app to listen',
    '  ansible.builtin.wait_for:',
    '    port: 8080',
    '    timeout: 60',
    '',
    '- name: Wait until the lock file is gone',
    '  ansible.builtin.wait_for:',
    '    path: /var/lock/app.lock',
    '    state: absent',
  ].join('\n'),

  async run(args, context) {
    if (context.check) return { changed: false, skipped: true, msg: 'check mode not supported for wait_for' }
    if (args.state === 'drained') return { changed: false, failed: true, msg: 'drover does not support state=drained' }
    if (args.port !== undefined && args.path !== undefined) return { changed: false, failed: true, msg: 'port and path parameter can not both be passed to wait_for' }
    if (args.port === undefined && args.path === undefined) {
      if (args.delay > 0) await context.connection.exec(`sleep ${Math.max(0, args.delay)}`)
      return { changed: false, elapsed: args.delay, state: args.state }
    }
    const out = await context.connection.exec(waitFrame(args))
    const s = parseSections(out.stdout.toString('utf8'))
    const elapsed = Number((s.get('w:elapsed') ?? '0').trim())
    const where = args.path !== undefined ? { path: args.path } : { port: args.port }
    if (!s.has('w:ok')) return { changed: false, failed: true, elapsed, msg: timeoutMessage(args) }
    return { changed: false, elapsed, state: args.state, ...where, ...(args.search_regex !== undefined ? { match_groups: [], match_groupdict: {} } : {}) }
  },
}
