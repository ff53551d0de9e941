import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { test } from 'node:test'
import { promptLine, promptSecret, type TerminalInput } from '../../../src/cli/prompt.js'
import { InterruptedError, NoTerminalError } from '../../../src/errors.js'

/** A stand-in terminal: a stream that says it is a TTY and records raw-mode changes. */
function fakeTerminal(): { input: TerminalInput & PassThrough; output: PassThrough; written: () => string; rawModes: boolean[] } {
  const input = new PassThrough() as PassThrough & TerminalInput
  const rawModes: boolean[] = []
  input.isTTY = true
  input.setRawMode = (mode: boolean) => { rawModes.push(mode); return input }
  const output = new PassThrough()
  let text = ''
  output.on('data', (c: Buffer) => { text += c.toString() })
  return { input, output, written: () => text, rawModes }
}

test('promptSecret reads a line in raw mode without echoing it, then restores the terminal', async () => {
  const t = fakeTerminal()
  const answer = promptSecret('Vault password: ', t)
  t.input.write('s3c')
  t.input.write('rx\u007ft\r')
  assert.equal(await answer, 's3crt')
  assert.equal(t.written(), 'Vault password: \n')
  assert.deepEqual(t.rawModes, [true, false])
})

test('promptSecret: Ctrl-C interrupts and still restores the terminal', async () => {
  const t = fakeTerminal()
  const answer = promptSecret('pw: ', t)
  t.input.write('ab\u0003')
  await assert.rejects(answer, (err: unknown) => err instanceof InterruptedError)
  assert.deepEqual(t.rawModes, [true, false])
})

test('prompts refuse to wait when stdin is not a terminal (CI)', async () => {
  const input = new PassThrough() as PassThrough & TerminalInput
  assert.throws(() => promptSecret('Vault password: ', { input, output: new PassThrough() }), (err: unknown) => {
    assert.ok(err instanceof NoTerminalError)
    assert.equal(err.code, 'E_NO_TERMINAL')
    assert.match(err.message, /Vault password:/)
    return true
  })
  assert.throws(() => promptLine('Name: ', { input, output: new PassThrough() }), NoTerminalError)
})

test('promptLine reads a visible line; end of input answers with nothing', async () => {
  const t = fakeTerminal()
  const answer = promptLine('Variable name (enter for no name): ', t)
  t.input.write('db_password\n')
  assert.equal(await answer, 'db_password')
  assert.equal(t.written(), 'Variable name (enter for no name): ')
  const t2 = fakeTerminal()
  const empty = promptLine('x: ', t2)
  t2.input.end()
  assert.equal(await empty, '')
})
