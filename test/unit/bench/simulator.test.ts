import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FrameSplitter } from '../../../bench/simulator/frames.js'
import { ReplayBook, runInShell, type Reply } from '../../../bench/simulator/replay.js'
import { frameScript } from '../../../src/connection/shell-session.js'

const NONCE_A = '0123456789abcdef0123456700000000'
const NONCE_B = '0123456789abcdef0123456700000001'

test('the simulator splits the frames the shell session writes, however they are chunked', () => {
  const text = `\n${frameScript('echo one', NONCE_A)}\n${frameScript('cat', NONCE_B, Buffer.from([0, 1, 2, 255]))}`
  const splitter = new FrameSplitter()
  const frames = [...text].flatMap((char) => splitter.push(char))
  assert.deepEqual(frames.map((f) => f.nonce), [NONCE_A, NONCE_B])
  assert.equal(frames[0]!.body, "( eval 'echo one' ) </dev/null\n")
  assert.ok(frames[1]!.body.startsWith(`base64 -d <<'${NONCE_B}_IN'`))
})

test('a frame body run in sh answers as the persistent shell would', async () => {
  const splitter = new FrameSplitter()
  const [frame] = splitter.push(frameScript('cat; echo err >&2; exit 3', NONCE_A, Buffer.from('in\n')))
  const reply = await runInShell(frame!.body, '/')
  assert.deepEqual([reply.rc, reply.stdout.toString(), reply.stderr.toString()], [3, 'in\n', 'err\n'])
})

test('the first host to reach a step runs it; the others replay it; a different command runs for itself', async () => {
  const ran: string[] = []
  const book = new ReplayBook(async (body): Promise<Reply> => {
    ran.push(body)
    return { stdout: Buffer.from(`${ran.length}`), stderr: Buffer.alloc(0), rc: 0 }
  })
  const frame = (command: string, nonce: string) => new FrameSplitter().push(frameScript(command, nonce))[0]!
  assert.equal((await book.answer(0, frame('probe', NONCE_A))).stdout.toString(), '1')
  assert.equal((await book.answer(0, frame('probe', NONCE_B))).stdout.toString(), '1')
  assert.equal((await book.answer(1, frame('change', NONCE_B))).stdout.toString(), '2')
  assert.equal((await book.answer(1, frame('other', NONCE_A))).stdout.toString(), '3')
  assert.deepEqual(book.counts, { executed: 2, replayed: 1, diverged: 1 })
  book.reset()
  assert.equal((await book.answer(0, frame('probe', NONCE_A))).stdout.toString(), '4')
})
