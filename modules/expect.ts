import { ModuleArgsError } from '../src/errors.js'
import { shlexSplit } from '../src/inventory/shlex.js'
import { pythonDelta, pythonTimestamp, withLines } from '../src/module/command-result.js'
import { converse, type Question } from '../src/module/conversation.js'
import { pyRegex } from '../src/module/py-regex.js'
import { commandLine, inDirectory, quote } from '../src/module/shell.js'
import type { ActionModule, ModuleContext, ModuleResult } from '../src/module/types.js'

interface ExpectArgs {
  command: string
  responses: Record<string, unknown>
  timeout: number | null
  echo: boolean
  chdir?: string
  creates?: string
  removes?: string
}

/** Questions whose answers are secrets: redacted everywhere even though the user did not say no_log. */
const SECRET_QUESTION = /pass(word|phrase)?|secret|\bpin\b|token|credential/i

function questionsOf(responses: Record<string, unknown>): Question[] {
  return Object.entries(responses).map(([text, value]) => {
    const repeats = !Array.isArray(value)
    const answers = (repeats ? [value] : (value as unknown[])).map((a) => (typeof a === 'string' ? a : String(a)))
    let pattern: RegExp
    try {
      // pexpect compiles every pattern with re.DOTALL: `.` spans lines.
      pattern = pyRegex(text, { dotall: true })
    } catch (error) {
      throw new ModuleArgsError(`responses: '${text}' is not a valid regular expression: ${(error as Error).message}`)
    }
    return { text, pattern, answers, repeats }
  })
}

async function exists(path: string, context: ModuleContext): Promise<boolean> {
  return (await context.connection.exec(`[ -e ${quote(path)} ] || [ -L ${quote(path)} ]`)).rc === 0
}

export const expect: ActionModule<ExpectArgs> = {
  kind: 'action',
  name: 'expect',
  shortDescription: 'Executes a command and responds to prompts',
  description:
    'Runs a command on the host in a pseudo-terminal and answers its prompts, the way pexpect does: each key of `responses` is a ' +
    'Python regular expression, and when the output matches it the answer is typed followed by a newline. A list of answers is ' +
    'given one per time the question is asked; running out of answers fails. The command is not run through a shell. ' +
    'Answers to questions that look like password prompts are redacted from every output of the run.',
  output: 'json',
  checkMode: 'none',
  schema: {
    type: 'object',
    properties: {
      command: { type: 'string', description: 'The command to run (split like a shell would, but not run by one).' },
      responses: { type: 'object', description: 'Mapping of expected output (a regex) to the answer: a string, or a list of answers for successive matches.' },
      timeout: { type: ['integer', 'null'], default: 30, description: 'Seconds to wait for each expected string; null waits forever.' },
      echo: { type: 'boolean', default: false, description: 'Whether the terminal echoes the answers into the output.' },
      chdir: { type: 'string', description: 'Change into this directory before running the command.' },
      creates: { type: 'string', description: 'A path: when it exists, the command is not run.' },
      removes: { type: 'string', description: 'A path: when it does not exist, the command is not run.' },
    },
    required: ['command', 'responses'],
  },
  returns: {
    cmd: { type: 'str', description: 'The command as given.' },
    stdout: { type: 'str', description: 'What the terminal showed (stdout and stderr together), trailing line breaks removed.' },
    stdout_lines: { type: 'list', description: 'stdout split into lines.' },
    rc: { type: 'int', description: 'The exit code; null when the command exceeded the timeout.' },
    start: { type: 'str', description: 'When the command started.' },
    end: { type: 'str', description: 'When the command ended.' },
    delta: { type: 'str', description: 'How long the command ran.' },
  },
  examples: [
    '- name: Change a password interactively',
    '  ansible.builtin.expect:',
    '    command: passwd alice',
    '    responses:',
    "      (?i)password: '{{ new_password }}'",
    '',
    '- name: Answer the same question differently each time',
    '  ansible.builtin.expect:',
    '    command: /opt/setup.sh',
    '    responses:',
    '      Question:',
    '        - first answer',
    '        - second answer',
    '    timeout: 60',
  ].join('\n'),

  async run(args, context) {
    if (args.command.trim() === '') return { changed: false, failed: true, rc: 256, msg: 'no command given' }
    const questions = questionsOf(args.responses)
    for (const question of questions) {
      if (SECRET_QUESTION.test(question.text)) for (const answer of question.answers) context.registerSecret?.(answer)
    }
    if (context.check) return { changed: false, skipped: true, msg: 'remote module (expect) does not support check mode' }
    if (args.creates !== undefined && (await exists(args.creates, context))) {
      return withLines({ changed: false, cmd: args.command, rc: 0, stdout: `skipped, since ${args.creates} exists` })
    }
    if (args.removes !== undefined && !(await exists(args.removes, context))) {
      return withLines({ changed: false, cmd: args.command, rc: 0, stdout: `skipped, since ${args.removes} does not exist` })
    }
    if (!context.connection.interactive) {
      return { changed: false, failed: true, msg: `the expect module needs an ssh connection (a pseudo-terminal); this host uses '${context.connection.transport}'` }
    }
    const line = inDirectory(args.chdir, `exec ${commandLine(shlexSplit(args.command, false))}`)
    const started = new Date()
    const startedAt = performance.now()
    const channel = await context.connection.interactive(line, { echo: args.echo })
    const end = await converse(channel, questions, args.timeout === null ? null : args.timeout * 1000)
    const elapsed = performance.now() - startedAt
    const result: ModuleResult = {
      changed: true,
      cmd: args.command,
      stdout: end.output.replace(/[\r\n]+$/, ''),
      rc: end.kind === 'exited' ? end.rc : null,
      start: pythonTimestamp(started),
      end: pythonTimestamp(new Date(started.getTime() + elapsed)),
      delta: pythonDelta(elapsed),
    }
    if (end.kind === 'timeout') return withLines({ ...result, failed: true, msg: 'command exceeded timeout' })
    if (end.kind === 'unanswered') return { changed: false, failed: true, msg: `No remaining responses for '${end.question}', output was '${end.segment}'` }
    if (result.rc !== 0) return withLines({ ...result, failed: true, msg: 'non-zero return code' })
    return withLines(result)
  },
}
