import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AuthSequence } from '../../../src/connection/auth.js'

type Next = Parameters<AuthSequence['handler']>[2]

/** Drives the handler as ssh2 does: the server's remaining methods after each failure. */
function drive(sequence: AuthSequence, server: string[]): string[] {
  const sent: string[] = []
  let methods: string[] | null = null
  for (let i = 0; i < 10; i++) {
    let chosen: unknown
    sequence.handler(methods as never, false, ((auth: unknown) => { chosen = auth }) as Next)
    if (chosen === false) break
    const auth = chosen as { type: string }
    sent.push(auth.type)
    methods = server
  }
  return sent
}

test('OpenSSH order: none, agent, key files, keyboard-interactive, password; skipping what the server refuses', () => {
  const key = {} as never
  const sequence = new AuthSequence({ user: 'u', agent: '/sock', identities: [{ file: '/k1', key }, { file: '/k2', key }], password: 'pw' })
  assert.deepEqual(drive(sequence, ['publickey', 'password']), ['none', 'agent', 'publickey', 'publickey', 'password'])
  assert.equal(sequence.describeFailure('10.0.0.1'), 'u@10.0.0.1: Permission denied (publickey,password). Tried: publickey (agent), publickey (/k1), publickey (/k2), password; the server accepts: publickey,password.')
})

test('keyboard-interactive answers a password prompt once, other prompts with nothing', () => {
  const sequence = new AuthSequence({ user: 'u', identities: [], password: 'pw' })
  let kbd: { prompt: (...args: unknown[]) => void } | undefined
  sequence.handler(null as never, null as never, (() => {}) as Next)
  sequence.handler(['keyboard-interactive'] as never, false, ((auth: never) => { kbd = auth }) as Next)
  const answers: string[][] = []
  kbd!.prompt('', '', '', [{ prompt: 'Password: ', echo: false }], (a: string[]) => answers.push(a))
  kbd!.prompt('', '', '', [{ prompt: 'Password: ', echo: false }, { prompt: 'Token: ', echo: true }], (a: string[]) => answers.push(a))
  assert.deepEqual(answers, [['pw'], ['', '']])
})
