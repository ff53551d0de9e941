import { createInterface } from 'node:readline/promises'
import { pythonTimestamp } from '../src/module/command-result.js'
import type { ControllerModule } from '../src/module/types.js'

export interface PauseArgs {
  seconds?: number
  minutes?: number
  prompt?: string
  echo: boolean
}

/** Whole seconds to wait (Ansible waits at least one), or undefined when the pause waits for the user. */
export function pauseSeconds(args: PauseArgs): number | undefined {
  const seconds = args.minutes !== undefined ? args.minutes * 60 : args.seconds
  return seconds === undefined ? undefined : Math.max(1, seconds)
}

/** Python's repr of round(x, 2): always with a decimal point (`1.0`, `1.02`). */
function pythonRound2(value: number): string {
  const rounded = Math.round(value * 100) / 100
  return Number.isInteger(rounded) ? `${rounded}.0` : String(rounded)
}

export const pause: ControllerModule<PauseArgs> = {
  kind: 'controller',
  name: 'pause',
  shortDescription: 'Pause playbook execution',
  description:
    'Waits a number of seconds or minutes, or (without either) until the user presses Enter at the prompt. ' +
    'Prompting needs a terminal: without one the task fails instead of hanging.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    mutuallyExclusive: [['seconds', 'minutes']],
    properties: {
      seconds: { type: 'integer', description: 'Seconds to pause.' },
      minutes: { type: 'integer', description: 'Minutes to pause.' },
      prompt: { type: 'string', description: 'Text shown while waiting for input.' },
      echo: { type: 'boolean', default: true, description: 'Whether typed input is shown (accepted; input is read as typed).' },
    },
  },
  returns: {
    user_input: { type: 'str', description: 'What the user typed.' },
    start: { type: 'str', description: 'When the pause started.' },
    stop: { type: 'str', description: 'When it ended.' },
    delta: { type: 'int', description: 'Seconds paused.' },
    stdout: { type: 'str', description: 'Paused for N seconds / minutes.' },
    echo: { type: 'bool', description: 'The echo setting.' },
    rc: { type: 'int', description: 'Always 0.' },
    stderr: { type: 'str', description: 'Always empty.' },
  },
  examples: ['- name: Give the cluster time to settle', '  ansible.builtin.pause:', '    seconds: 30', '', '- ansible.builtin.pause:', '    prompt: Check the canary, then press Enter'].join('\n'),

  async run(args, context) {
    const started = new Date()
    const seconds = pauseSeconds(args)
    const echoNote = args.echo ? '' : ' (output is hidden)'
    const prompt = `[${context.taskName ?? 'pause'}]\n${args.prompt ?? 'Press enter to continue, Ctrl+C to interrupt'}${echoNote}:`
    let userInput = ''
    if (seconds !== undefined) {
      // What Ansible shows while it waits, even without a terminal.
      context.display?.(`Pausing for ${seconds} seconds${echoNote}`)
      context.display?.("(ctrl+C then 'C' = continue early, ctrl+C then 'A' = abort)\r")
      if (args.prompt !== undefined) context.display?.(prompt)
      await new Promise((done) => setTimeout(done, seconds * 1000))
    } else {
      // Ansible would print the prompt and go on without an answer; a CI run must never look as if it waited.
      if (!process.stdin.isTTY) return { changed: false, failed: true, msg: 'pause: prompting for input needs a terminal, and standard input is not one' }
      const rl = createInterface({ input: process.stdin, output: process.stdout })
      userInput = await rl.question(`${prompt}\n`)
      rl.close()
    }
    const stopped = new Date()
    const elapsed = (stopped.getTime() - started.getTime()) / 1000
    const shown = args.minutes !== undefined ? `${pythonRound2(elapsed / 60)} minutes` : `${pythonRound2(elapsed)} seconds`
    return {
      changed: false,
      rc: 0,
      stderr: '',
      user_input: userInput,
      start: pythonTimestamp(started),
      stop: pythonTimestamp(stopped),
      delta: Math.trunc(elapsed),
      stdout: `Paused for ${shown}`,
      echo: args.echo,
    }
  },
}
