/**
 * pexpect's `run(events=…)` on a pseudo-terminal: wait for any of the questions, answer the one
 * that appears first in the output, repeat until the program exits. Each wait has its own
 * timeout, as each pexpect `expect` call does.
 */
import { StringDecoder } from 'node:string_decoder'
import type { InteractiveChannel } from '../connection/types.js'

export interface Question {
  /** The question as the user wrote it (the regex source), for messages. */
  text: string
  pattern: RegExp
  /** Answers in order; a question with one answer that `repeats` gets it every time it is asked. */
  answers: string[]
  repeats: boolean
}

export type ConversationEnd =
  | { kind: 'exited'; rc: number | null; output: string }
  | { kind: 'timeout'; output: string }
  /** A list of answers ran out: `segment` is the output that asked once more. */
  | { kind: 'unanswered'; question: string; segment: string; output: string }

/** The question whose match starts earliest in `pending` (the first listed wins a tie), or undefined. */
export function firstAsked(questions: readonly Question[], pending: string): { question: Question; end: number; start: number } | undefined {
  let best: { question: Question; end: number; start: number } | undefined
  for (const question of questions) {
    const re = new RegExp(question.pattern.source, question.pattern.flags.replace('g', ''))
    const match = re.exec(pending)
    // An empty match would answer the same nothing forever.
    if (!match || match[0].length === 0) continue
    if (!best || match.index < best.start) best = { question, start: match.index, end: match.index + match[0].length }
  }
  return best
}

export function converse(channel: InteractiveChannel, questions: readonly Question[], timeoutMs: number | null): Promise<ConversationEnd> {
  return new Promise((resolve) => {
    const decoder = new StringDecoder('utf8')
    const asked = new Map<Question, number>()
    let output = ''
    let pending = ''
    let settled = false
    let timer: NodeJS.Timeout | undefined
    const finish = (end: ConversationEnd): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(end)
    }
    const arm = (): void => {
      clearTimeout(timer)
      if (timeoutMs !== null) timer = setTimeout(() => {
        channel.close()
        finish({ kind: 'timeout', output })
      }, timeoutMs)
    }
    channel.onData((chunk) => {
      if (settled) return
      const text = decoder.write(chunk)
      output += text
      pending += text
      for (let hit = firstAsked(questions, pending); hit; hit = firstAsked(questions, pending)) {
        const segment = pending.slice(0, hit.end)
        pending = pending.slice(hit.end)
        const count = asked.get(hit.question) ?? 0
        asked.set(hit.question, count + 1)
        const answer = hit.question.repeats ? hit.question.answers[0] : hit.question.answers[count]
        if (answer === undefined) {
          channel.close()
          return finish({ kind: 'unanswered', question: hit.question.text, segment, output })
        }
        channel.write(`${answer.replace(/\n+$/, '')}\n`)
        arm()
      }
    })
    void channel.exited.then((rc) => finish({ kind: 'exited', rc, output: output + decoder.end() }))
    arm()
  })
}
