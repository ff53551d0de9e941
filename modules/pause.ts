import { createInterface } from 'node:readline/promises'
import { pythonTimestamp } from '../src/module/command-result.js'
import type { ControllerModule } from '../src/module/types.js'

export interface PauseArgs {
  seconds?: number
  minutes?: number
  prompt?: string
  echo: boolean
}

/** How long to sleep in ms, or undefined when the pause waits for the user. */
export function pauseDuration(args: PauseArgs): number | undefined {
  if (args.seconds !== undefined) return args.seconds * 1000
  if (args.minutes !== undefined) return args.minutes * 60_000
  return undefined
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
  },
  examples: ['- name: Give the cluster time to settle', '  ansible.builtin.pause:', '    seconds: 30', '', '- ansible.builtin.pause:', '    prompt: Check the canary, then press Enter'].join('\n'),

  async run(args) {
    const started = new Date()
    const duration = pauseDuration(args)
    let userInput = ''
    if (duration === undefined) {
      if (!process.stdin.isTTY) return { changed: false, failed: true, msg: 'pause: prompting for input needs a terminal, and standard input is not one' }
      const rl = createInterface({ input: process.stdin, output: process.stderr })
      userInput = await rl.question(`${args.prompt ?? 'Press enter to continue, Ctrl+C to interrupt'}:\n`)
      rl.close()
    } else if (duration > 0) await new Promise((done) => setTimeout(done, duration))
    const stopped = new Date()
    const unit = args.minutes !== undefined ? `${args.minutes} minutes` : `${args.seconds ?? Math.round((stopped.getTime() - started.getTime()) / 1000)} seconds`
    return {
      changed: false,
      user_input: userInput,
      start: pythonTimestamp(started),
      stop: pythonTimestamp(stopped),
      delta: Math.round((stopped.getTime() - started.getTime()) / 1000),
      stdout: `Paused for ${unit}`,
      echo: args.echo,
    }
  },
}
