/**
 * The terminal side of a playbook run: `vars_prompt` questions and `--step` confirmations, as
 * ansible-playbook 2.14 asks them (Display.do_var_prompt, StrategyBase._take_step).
 */
import { DroverError } from '../errors.js'
import type { StepAnswer } from '../executor/run-control.js'
import type { VarsPrompt } from '../playbook/types.js'
import type { Console } from './console.js'
import { promptLine, promptSecret, type PromptIO } from './prompt.js'

/** Without a terminal Ansible warns (once) and takes each default, or the text 'None'. */
export function varsPrompter(console: Console, io: PromptIO = {}): (prompts: VarsPrompt[]) => Promise<Record<string, unknown>> {
  let warned = false
  const interactive = Boolean((io.input ?? process.stdin).isTTY)
  return async (prompts) => {
    const answers: Record<string, unknown> = {}
    for (const p of prompts) {
      let answer = ''
      if (interactive) {
        if (p.encrypt !== undefined) throw new DroverError('E_OPTIONS', `vars_prompt '${p.name}': encrypt is not supported by drover`)
        const question = p.default !== undefined && p.default !== null ? `${p.prompt} [${String(p.default)}]: ` : `${p.prompt}: `
        // As Python's input() and getpass(): a visible question on stdout, a private one on the terminal's stderr.
        const ask = (q: string) => (p.private ? promptSecret(q, io) : promptLine(q, { input: io.input, output: io.output ?? process.stdout }))
        for (;;) {
          answer = await ask(question)
          if (!p.confirm) break
          if ((await ask(`confirm ${question}`)) === answer) break
          ;(io.output ?? process.stderr).write('***** VALUES ENTERED DO NOT MATCH ****\n')
        }
      } else if (!warned) {
        console.warn('Not prompting as we are not in interactive mode')
        warned = true
      }
      // An empty answer takes the default; with no default Ansible stores str(None).
      answers[p.name] = answer === '' ? (p.default ?? (interactive ? '' : 'None')) : answer
    }
    return answers
  }
}

/**
 * --step: Ansible asks on stdout and reads stdin. With no terminal it shows the question, then
 * stops the run (ansible-playbook dies on end of input there, with exit code 2).
 */
export function stepPrompter(console: Console, io: PromptIO = {}): (question: string) => Promise<StepAnswer> {
  return async (question) => {
    if (!(io.input ?? process.stdin).isTTY) {
      console.stdout.write(question)
      return 'refused'
    }
    const answer = (await promptLine(question, { input: io.input, output: io.output ?? process.stdout })).trim().toLowerCase()
    if (answer === 'y' || answer === 'yes') return 'yes'
    if (answer === 'c' || answer === 'continue') return 'continue'
    return 'no'
  }
}
