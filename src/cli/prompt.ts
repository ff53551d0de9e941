import { createInterface } from 'node:readline'
import { InterruptedError, NoTerminalError } from '../errors.js'

/** The terminal side of a prompt; the defaults are process.stdin and process.stderr. */
export interface PromptIO {
  input?: TerminalInput
  /** The question goes here, not to stdout, so `drover vault view f > out` still asks. */
  output?: NodeJS.WritableStream
}

export interface TerminalInput extends NodeJS.ReadableStream {
  isTTY?: boolean
  setRawMode?(mode: boolean): unknown
}

const CTRL_C = '\u0003'
const CTRL_D = '\u0004'
const BACKSPACES = new Set(['\u007f', '\b'])

function terminal(question: string, io: PromptIO): { input: TerminalInput; output: NodeJS.WritableStream } {
  const input = io.input ?? process.stdin
  // Without a terminal a prompt would wait forever in CI: refuse instead.
  if (!input.isTTY) throw new NoTerminalError(`The prompt '${question.trim()}'`)
  return { input, output: io.output ?? process.stderr }
}

/** Ask for a secret on the terminal without echoing it. Ctrl-C throws InterruptedError. */
export function promptSecret(question: string, io: PromptIO = {}): Promise<string> {
  const { input, output } = terminal(question, io)
  output.write(question)
  return new Promise((done, fail) => {
    let answer = ''
    const finish = (err?: Error): void => {
      input.removeListener('data', onData)
      input.setRawMode?.(false)
      input.pause()
      output.write('\n')
      if (err) fail(err)
      else done(answer)
    }
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === CTRL_D) return finish()
        if (ch === CTRL_C) return finish(new InterruptedError())
        if (BACKSPACES.has(ch)) answer = [...answer].slice(0, -1).join('')
        else if (ch >= ' ') answer += ch
      }
    }
    input.setRawMode?.(true)
    input.on('data', onData)
    input.resume()
  })
}

/** Ask a question whose answer may be seen (a variable name, `--show-input`). */
export function promptLine(question: string, io: PromptIO = {}): Promise<string> {
  const { input, output } = terminal(question, io)
  const rl = createInterface({ input, output, terminal: false })
  output.write(question)
  return new Promise((done) => {
    let answered = false
    rl.once('line', (line) => {
      answered = true
      rl.close()
      done(line)
    })
    // End of input answers with nothing; the caller decides whether an empty answer is acceptable.
    rl.once('close', () => {
      if (!answered) done('')
    })
  })
}
