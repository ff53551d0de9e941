import { formatMode } from '../src/module/file-mode.js'
import { quote } from '../src/module/shell.js'
import type { ActionModule } from '../src/module/types.js'

export interface TempfileArgs {
  state: 'file' | 'directory'
  path?: string
  prefix: string
  suffix: string
}

/** mktemp's template: the prefix, random X's, then the suffix (passed apart, as --suffix). */
export function tempfileCommand(args: TempfileArgs): string {
  const kind = args.state === 'directory' ? ' -d' : ''
  const dir = args.path !== undefined ? quote(args.path) : '"${TMPDIR:-/tmp}"'
  const make = `drover_t=$(mktemp${kind} -p ${dir} --suffix=${quote(args.suffix)} -- ${quote(`${args.prefix}XXXXXXXX`)}) || exit 1`
  return `${make}\nprintf '%s\\n' "$(stat -c '%a %u %g %s %U %G' -- "$drover_t")"\nprintf '%s' "$drover_t" | base64`
}

export function tempfileResult(stdout: string, state: TempfileArgs['state']): Record<string, unknown> {
  const [first = '', ...rest] = stdout.split('\n')
  const [mode = '0', uid = '0', gid = '0', size = '0', owner = '', group = ''] = first.trim().split(' ')
  return {
    path: Buffer.from(rest.join(''), 'base64').toString('utf8'),
    uid: Number(uid), gid: Number(gid),
    owner: owner === 'UNKNOWN' ? uid : owner,
    group: group === 'UNKNOWN' ? gid : group,
    mode: formatMode(parseInt(mode, 8)),
    state,
    size: Number(size),
  }
}

export const tempfile: ActionModule<TempfileArgs> = {
  kind: 'action',
  name: 'tempfile',
  shortDescription: 'Creates temporary files and directories',
  description:
    'Creates a temporary file or directory with mktemp on the host (mode 0600 for a file, 0700 for a directory) and returns its path. ' +
    'Always changed. Like Ansible, it does not run in check mode (the task is skipped).',
  output: 'json',
  checkMode: 'none',
  schema: {
    type: 'object',
    properties: {
      state: { type: 'string', default: 'file', enum: ['file', 'directory'], description: 'Whether to create a file or a directory.' },
      path: { type: 'string', description: 'Directory in which to create it; by default $TMPDIR or /tmp.' },
      prefix: { type: 'string', default: 'ansible.', description: 'Prefix of the name.' },
      suffix: { type: 'string', default: '', description: 'Suffix of the name.' },
    },
  },
  returns: {
    path: { type: 'str', description: 'Path to the created file or directory.', returned: 'success' },
    mode: { type: 'str', description: 'Its permissions.' },
    owner: { type: 'str', description: 'Its owner.' },
    group: { type: 'str', description: 'Its group.' },
    uid: { type: 'int', description: 'Owner id.' },
    gid: { type: 'int', description: 'Group id.' },
    size: { type: 'int', description: 'Its size.' },
    state: { type: 'str', description: 'file or directory.' },
  },
  examples: [
    '- name: Create a temporary build directory',
    '  ansible.builtin.tempfile:',
    '    state: directory',
    '    suffix: build',
    '  register: build_dir',
    '',
    '- name: Remove it at the end',
    '  ansible.builtin.file:',
    '    path: "{{ build_dir.path }}"',
    '    state: absent',
  ].join('\n'),

  async run(args, context) {
    if (context.check) return { changed: false, skipped: true, msg: 'check mode not supported for tempfile' }
    const out = await context.connection.exec(tempfileCommand(args))
    if (out.rc !== 0) return { changed: false, failed: true, msg: out.stderr.toString('utf8').trim() || `mktemp failed with exit code ${out.rc}` }
    return { changed: true, ...tempfileResult(out.stdout.toString('utf8'), args.state) }
  },
}
