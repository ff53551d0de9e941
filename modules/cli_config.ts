import { ModuleArgsError } from '../src/errors.js'
import type { NetworkModule } from '../src/module/types.js'
import { sanitizeBackup, writeBackup, type BackupOptions } from '../src/network/backup.js'
import { commandsFor, parseConfig, treeFromLines, type MatchMode } from '../src/network/config-tree.js'

interface CliConfigArgs {
  config?: string
  lines?: string[]
  parents?: string[]
  diff_match: MatchMode
  backup: boolean
  backup_options?: BackupOptions
}

export const cli_config: NetworkModule<CliConfigArgs> = {
  kind: 'network',
  name: 'cli_config',
  collection: 'ansible.netcommon',
  shortDescription: 'Push text based configuration to network devices over network_cli',
  description:
    'Makes the running configuration of a network device contain the given lines: `config` (an indented block) or `lines` under the ' +
    'sections `parents` (as ios_config takes them). The running configuration is read first and only missing lines are sent, each ' +
    'after the section lines that lead to it, in configuration mode; a second run sends nothing. --check sends nothing and --diff ' +
    'shows exactly the commands that are (or would be) sent. `backup` saves the running configuration on the controller first.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    properties: {
      config: { type: 'string', description: 'The configuration to have, as an indented text block (sections indented under their line).' },
      lines: { type: 'array', items: { type: 'string' }, description: 'Configuration lines to have, under `parents`.' },
      parents: { type: 'array', items: { type: 'string' }, description: 'The section lines (outermost first) the `lines` belong under.' },
      diff_match: { type: 'string', enum: ['line', 'none'], default: 'line', description: 'line: send only lines missing from the running configuration; none: send every line.' },
      backup: { type: 'boolean', default: false, description: 'Save the running configuration to the controller before changing anything.' },
      backup_options: { type: 'object', description: '`filename` and `dir_path` of the backup (default: backup/<host>_config.<date>@<time> beside the playbook).' },
    },
    aliases: { commands: 'lines', match: 'diff_match' },
    mutuallyExclusive: [['config', 'lines']],
  },
  returns: {
    commands: { type: 'list', description: 'The commands sent (or, in check mode, that would be sent).', returned: 'when changed' },
    backup_path: { type: 'str', description: 'The full path to the backup file.', returned: 'when backup is yes' },
  },
  examples: [
    '- name: Describe an interface',
    '  ansible.netcommon.cli_config:',
    '    lines:',
    '      - description uplink to core',
    '      - no shutdown',
    '    parents: interface GigabitEthernet0/1',
    '',
    '- name: Push a block, saving the running config first',
    '  ansible.netcommon.cli_config:',
    '    config: |',
    '      hostname edge1',
    '      interface GigabitEthernet0/2',
    '       description backup link',
    '    backup: true',
  ].join('\n'),

  async run(args, context) {
    if (args.config === undefined && args.lines === undefined && !args.backup) throw new ModuleArgsError('one of the following is required: backup, config, lines')
    const { config } = context.cli.platform
    const running = await context.cli.runningConfig()
    const result: Record<string, unknown> = { changed: false }
    if (args.backup) {
      const written = writeBackup(sanitizeBackup(running, config.nonConfigLines.map((p) => new RegExp(p))), context.host, context.playbookDir, args.backup_options)
      const { backup_written: backupWritten, ...fields } = written
      Object.assign(result, fields, { changed: Boolean(backupWritten) })
    }
    const wanted = args.config !== undefined ? parseConfig(args.config) : treeFromLines(args.lines ?? [], args.parents ?? [])
    const commands = commandsFor(wanted, parseConfig(running, config.ignoreLines.map((p) => new RegExp(p))), args.diff_match)
    if (commands.length === 0) return result
    if (!context.check) await context.cli.configure(commands)
    return {
      ...result,
      changed: true,
      commands,
      ...(context.diff ? { diff: { prepared: commands.join('\n') } } : {}),
    }
  },
}
