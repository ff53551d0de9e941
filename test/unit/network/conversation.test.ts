import assert from 'node:assert/strict'
import { test } from 'node:test'
import { converse, firstAsked, type Question } from '../../../src/module/conversation.js'
import type { InteractiveChannel } from '../../../src/connection/types.js'

const question = (text: string, answers: string[], repeats = false): Question => ({ text, pattern: new RegExp(text), answers, repeats })

test('the question asked earliest in the output is answered first, whatever the order of responses', () => {
  const questions = [question('Password:', ['pw']), question('Name:', ['me'])]
  assert.equal(firstAsked(questions, 'Name: ... Password:')?.question.text, 'Name:')
  assert.equal(firstAsked(questions, 'nothing yet'), undefined)
  assert.equal(firstAsked([question('x*', ['a'])], 'abc'), undefined, 'an empty match never answers')
})

/** A program in a terminal, scripted: prints its prompts, records what is typed. */
function scripted(prompts: string[]): { channel: InteractiveChannel; typed: string[] } {
  const typed: string[] = []
  let listener: (chunk: Buffer) => void = () => {}
  let exit: (rc: number | null) => void = () => {}
  const exited = new Promise<number | null>((resolve) => (exit = resolve))
  const next = (): void => {
    const prompt = prompts.shift()
    setImmediate(() => (prompt === undefined ? exit(0) : listener(Buffer.from(prompt))))
  }
  return {
    typed,
    channel: {
      onData: (l) => {
        listener = l
        next()
      },
      write: (text) => {
        typed.push(text)
        next()
      },
      exited,
      close: () => exit(null),
    },
  }
}

test('answers in turn; a list is used in order; a repeated single answer is typed each time', async () => {
  const { channel, typed } = scripted(['Name: ', 'Code? ', 'Code? ', 'Name: '])
  const end = await converse(channel, [question('Name:', ['bob'], true), question('Code\\?', ['1', '2'])], 1000)
  assert.equal(end.kind, 'exited')
  assert.deepEqual(typed, ['bob\n', '1\n', '2\n', 'bob\n'])
})

test('running out of answers and silence both end the conversation', async () => {
  const out = scripted(['Code? ', 'Code? '])
  const end = await converse(out.channel, [question('Code\\?', ['1'])], 1000)
  assert.deepEqual(end.kind === 'unanswered' && [end.question, end.segment], ['Code\\?', ' Code?'])
  const quiet = scripted(['Hello '])
  const started = Date.now()
  const timedOut = await converse(quiet.channel, [question('Never', ['x'])], 100)
  assert.deepEqual(timedOut, { kind: 'timeout', output: 'Hello ' })
  assert.ok(Date.now() - started < 1000)
})
