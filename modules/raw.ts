import { ModuleArgsError } from '../src/errors.js'
import { withLines } from '../src/module/command-result.js'
import { commandLine } from '../src/module/shell.js'
import type { ActionModule } from '../src/module/types.js'

interface RawArgs {
  _raw_params?: string
  executable?: string
}

export const raw: ActionModule<RawArgs> = {
  kind: 'action',
  name: 'raw',
  shortDescription: 'Executes a low-down and dirty command',
  description: 'Sends the text as it is to the host, through the remote shell, with no processing; output is returned untouched.',
  freeForm: { param: '_raw_params', inlineOptions: false },
  output: 'command',
  checkMode: 'none',
  schema: {
    type: 'object',
    properties: {
      _raw_params: { type: 'string', description: 'The command line to send.' },
      executable: { type: 'string', description: 'Run the text with this shell (`executable -c text`) instead of the login shell.' },
    },
  },
  returns: {
    rc: { type: 'int', description: 'The exit code.' },
    stdout: { type: 'str', description: 'Standard output, untouched.' },
    stderr: { type: 'str', description: 'Standard error, untouched.' },
    stdout_lines: { type: 'list', description: 'stdout split into lines.' },
    stderr_lines: { type: 'list', description: 'stderr split into lines.' },
  },
  examples: ['- name: Bootstrap a host that has nothing but a shell', "  ansible.builtin.raw: 'uname -a'"].join('\n'),

  async run(args, context) {
    if (args._raw_params === undefined || args._raw_params.trim() === '') throw new ModuleArgsError('no command given')
    if (context.check) return { changed: false, skipped: true, msg: 'check mode not supported for raw' }
    const line = args.executable ? commandLine([args.executable, '-c', args._raw_params]) : args._raw_params
    const result = await context.connection.exec(line)
    const out = withLines({ changed: true, rc: result.rc, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') })
    if (result.rc !== 0) Object.assign(out, { failed: true, msg: 'non-zero return code' })
    return out
  },
}
