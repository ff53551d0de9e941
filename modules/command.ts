import { ModuleArgsError } from '../src/errors.js'
import { COMMAND_COMMON_PROPERTIES, commandReturns, runCommand } from '../src/module/command-result.js'
import { commandLine, isShellBuiltin } from '../src/module/shell.js'
import { shlexSplit } from '../src/module/shlex.js'
import type { ActionModule } from '../src/module/types.js'

interface CommandArgs {
  _raw_params?: string
  argv?: string[]
  chdir?: string
  creates?: string
  removes?: string
  stdin?: string
  stdin_add_newline: boolean
  strip_empty_ends: boolean
}

export const command: ActionModule<CommandArgs> = {
  kind: 'action',
  name: 'command',
  shortDescription: 'Execute commands on targets',
  description:
    'Runs a command on the target without a shell: the text is split into words (as Python shlex does) and ' +
    'each word is passed as data, so shell operators like |, >, ; and & are not interpreted. Use shell for those.',
  freeForm: { param: '_raw_params', inlineOptions: true },
  output: 'command',
  checkMode: 'partial',
  schema: {
    type: 'object',
    aliases: { cmd: '_raw_params' },
    mutuallyExclusive: [['_raw_params', 'argv']],
    properties: {
      ...COMMAND_COMMON_PROPERTIES,
      _raw_params: { type: 'string', description: 'The command to run, split into words as a shell would split them (also: cmd, or the free-form text).' },
      argv: { type: 'array', items: { type: 'string' }, description: 'The command as a list of words; no splitting takes place.' },
      strip_empty_ends: { type: 'boolean', default: true, description: 'Strip trailing empty lines from stdout and stderr.' },
    },
  },
  returns: commandReturns({ type: 'list', description: 'The command executed, as a list of words.' }),
  examples: [
    '- name: Print the kernel name',
    '  ansible.builtin.command: uname -a',
    '',
    '- name: Create a database only once',
    '  ansible.builtin.command: /usr/bin/make_database.sh db_user db_name',
    '  args:',
    '    chdir: somedir/',
    '    creates: /path/to/database',
  ].join('\n'),

  async run(args, context) {
    const argv = args.argv ?? (args._raw_params !== undefined ? shlexSplit(args._raw_params) : [])
    if (argv.length === 0) throw new ModuleArgsError('no command given')
    return runCommand(
      {
        line: commandLine(argv),
        program: !isShellBuiltin(argv[0]!),
        cmd: argv,
        chdir: args.chdir,
        creates: args.creates,
        removes: args.removes,
        stdin: args.stdin,
        stdinAddNewline: args.stdin_add_newline,
        stripEmptyEnds: args.strip_empty_ends,
      },
      context,
    )
  },
}
