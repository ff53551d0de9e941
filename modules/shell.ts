import { ModuleArgsError } from '../src/errors.js'
import { COMMAND_COMMON_PROPERTIES, commandReturns, runCommand } from '../src/module/command-result.js'
import { commandLine } from '../src/module/shell.js'
import type { ActionModule } from '../src/module/types.js'

interface ShellArgs {
  _raw_params?: string
  chdir?: string
  creates?: string
  removes?: string
  executable: string
  stdin?: string
  stdin_add_newline: boolean
}

export const shell: ActionModule<ShellArgs> = {
  kind: 'action',
  name: 'shell',
  shortDescription: 'Execute shell commands on targets',
  description: 'Runs the text through a shell (/bin/sh by default) on the target, so pipes, redirections and variables work.',
  freeForm: { param: '_raw_params', inlineOptions: true },
  output: 'command',
  checkMode: 'partial',
  schema: {
    type: 'object',
    aliases: { cmd: '_raw_params' },
    properties: {
      ...COMMAND_COMMON_PROPERTIES,
      _raw_params: { type: 'string', description: 'The shell command line to run (also: cmd, or the free-form text).' },
      executable: { type: 'string', default: '/bin/sh', description: 'The shell to run the command with.' },
    },
  },
  returns: commandReturns({ type: 'str', description: 'The command line executed.' }),
  examples: [
    '- name: Count the lines of a log',
    '  ansible.builtin.shell: wc -l < /var/log/syslog',
    '',
    '- name: Run only when the marker is missing',
    '  ansible.builtin.shell: ./setup.sh >> setup.log',
    '  args:',
    '    chdir: /opt/app',
    '    creates: /opt/app/.done',
  ].join('\n'),

  async run(args, context) {
    if (args._raw_params === undefined || args._raw_params.trim() === '') throw new ModuleArgsError('no command given')
    return runCommand(
      {
        line: commandLine([args.executable, '-c', args._raw_params]),
        cmd: args._raw_params,
        chdir: args.chdir,
        creates: args.creates,
        removes: args.removes,
        stdin: args.stdin,
        stdinAddNewline: args.stdin_add_newline,
      },
      context,
    )
  },
}
