import { ModuleArgsError } from '../src/errors.js'
import { splitLines } from '../src/module/command-result.js'
import { pyRegex } from '../src/module/py-regex.js'
import type { NetworkModule } from '../src/module/types.js'
import type { Answer } from '../src/network/cli-session.js'

interface CliCommandArgs {
  command: string
  prompt?: string[]
  answer?: string[]
  check_all: boolean
  newline: boolean
  sendonly: boolean
}

/** prompt[i] is answered with answer[i], or with the only answer when one is given for many prompts. */
function answersOf(args: CliCommandArgs): Answer[] {
  const prompts = args.prompt ?? []
  const answers = args.answer ?? []
  if (prompts.length && !answers.length) throw new ModuleArgsError('parameters are required together: prompt, answer')
  if (answers.length > 1 && answers.length !== prompts.length) throw new ModuleArgsError('the number of answers must match the number of prompts')
  return prompts.map((prompt, i) => ({ pattern: pyRegex(prompt), answer: answers[answers.length === 1 ? 0 : i]!, newline: args.newline }))
}

export const cli_command: NetworkModule<CliCommandArgs> = {
  kind: 'network',
  name: 'cli_command',
  collection: 'ansible.netcommon',
  shortDescription: 'Run a cli command on cli-based network devices',
  description:
    'Sends one command to a network device over its interactive CLI (ansible_connection: network_cli) and returns the response. ' +
    'Questions the device asks on the way (`prompt`, Python regexes) are answered with `answer`. A response carrying one of the ' +
    "platform's error markers (`% Invalid input`) fails the task. In check mode only `show` commands are allowed.",
  output: 'json',
  checkMode: 'partial',
  schema: {
    type: 'object',
    properties: {
      command: { type: 'string', description: 'The command to send to the device.' },
      prompt: { type: 'array', items: { type: 'string' }, description: 'Regexes of questions the device may ask while the command runs.' },
      answer: { type: 'array', items: { type: 'string' }, description: 'The answers to `prompt`, in the same order (one answer serves every prompt).' },
      check_all: { type: 'boolean', default: false, description: 'Accepted for compatibility: every prompt that appears is answered.' },
      newline: { type: 'boolean', default: true, description: 'Type Enter after each answer.' },
      sendonly: { type: 'boolean', default: false, description: 'Send the command and do not report its output.' },
    },
    required: ['command'],
  },
  returns: {
    stdout: { type: 'str', description: 'The response from the command.', returned: 'when sendonly is false' },
    stdout_lines: { type: 'list', description: 'The response split into lines.', returned: 'when sendonly is false' },
  },
  examples: [
    '- name: Run show version',
    '  ansible.netcommon.cli_command:',
    '    command: show version',
    '',
    '- name: Run a command that asks for confirmation',
    '  ansible.netcommon.cli_command:',
    '    command: clear counters GigabitEthernet0/1',
    "    prompt: 'Clear \"show interface\" counters on this interface \\[confirm\\]'",
    '    answer: y',
  ].join('\n'),

  async run(args, context) {
    const answers = answersOf(args)
    if (context.check && !args.command.startsWith('show')) {
      return { changed: false, failed: true, msg: `Only show commands are supported when using check_mode, not executing ${args.command}` }
    }
    const response = await context.cli.run(args.command, answers)
    if (args.sendonly) return { changed: false }
    return { changed: false, stdout: response, stdout_lines: splitLines(response) }
  },
}
