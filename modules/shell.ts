import { ModuleArgsError } from '../src/errors.js'
import { runCommand } from '../src/module/command-result.js'
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
      _raw_params: { type: 'string', description: 'The shell command line to run (also: cmd, or the free-form text).' },
      chdir: { type: 'string', description: 'Change into this directory before running the command.' },
      creates: { type: 'string', description: 'A filename or glob pattern. If it already exists, the command is not run.' },
      removes: { type: 'string', description: 'A filename or glob pattern. If it does not exist, the command is not run.' },
      executable: { type: 'string', default: '/bin/sh', description: 'The shell to run the command with.' },
      stdin: { type: 'string', description: 'Text to send to the command on standard input.' },
      stdin_add_newline: { type: 'boolean', default: true, description: 'Append a newline to stdin.' },
    },
  },
  returns: {
    cmd: { type: 'str', description: 'The command line executed.' },
    rc: { type: 'int', description: 'The command exit code (0 means success).' },
    stdout: { type: 'str', description: 'The command standard output.' },
    stderr: { type: 'str', description: 'The command standard error.' },
    stdout_lines: { type: 'list', description: 'stdout split into lines.' },
    stderr_lines: { type: 'list', description: 'stderr split into lines.' },
    start: { type: 'str', description: 'When the command started.' },
    end: { type: 'str', description: 'When the command ended.' },
    delta: { type: 'str', description: 'How long the command ran.' },
    msg: { type: 'str', description: 'Why the command failed or did not run.' },
  },
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
