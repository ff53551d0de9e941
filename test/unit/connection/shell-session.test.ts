import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { PassThrough } from 'node:stream'
import { after, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { LocalConnection } from '../../../src/connection/local.js'
import { MarkerReader } from '../../../src/connection/marker-reader.js'
import { inlineCommand, SHELL_PROLOGUE, ShellSession } from '../../../src/connection/shell-session.js'
import { quote } from '../../../src/module/shell.js'

const connection = new LocalConnection('local-test')
after(() => connection.close())

test('the marker reader finds a marker split across chunks and keeps what follows', async () => {
  const reader = new MarkerReader()
  const frame = reader.expect('NONCE:')
  for (const piece of ['out', 'putNON', 'CE', ':0', '\nnext']) reader.push(Buffer.from(piece))
  const { output, trailer } = await frame
  assert.equal(output.toString(), 'output')
  assert.equal(trailer.toString(), '0')
  const second = reader.expect('X:')
  reader.push(Buffer.from('X:5\n'))
  assert.equal((await second).output.toString(), 'next')
})

test('exit codes, stdout and stderr come back separated', async () => {
  const result = await connection.exec('echo out; echo err >&2; exit 3')
  assert.deepEqual([result.rc, result.stdout.toString(), result.stderr.toString()], [3, 'out\n', 'err\n'])
})

test('a command printing marker-like lines with another nonce does not end its frame', async () => {
  const fake = "printf '%s:%d\\n' 0123456789abcdef0123456700000000 0; printf '%s\\n' 0123456789abcdef0123456700000000 >&2; echo after"
  const result = await connection.exec(fake)
  assert.equal(result.stdout.toString(), '0123456789abcdef0123456700000000:0\nafter\n')
  assert.equal(result.stderr.toString(), '0123456789abcdef0123456700000000\n')
})

test('binary output and output without a trailing newline are intact', async () => {
  const bytes = randomBytes(4096)
  const result = await connection.exec(`printf '%s' ${quote(bytes.toString('base64'))} | base64 -d`)
  assert.ok(result.stdout.equals(bytes))
  assert.equal((await connection.exec("printf 'no newline'")).stdout.toString(), 'no newline')
  assert.equal((await connection.exec("printf ''")).stdout.length, 0)
})

test('50 MB of output comes back intact', async () => {
  const result = await connection.exec('head -c 52428800 /dev/zero | tr "\\0" "x"; printf END')
  assert.equal(result.stdout.length, 52428800 + 3)
  assert.equal(result.stdout.subarray(-3).toString(), 'END')
  const expected = createHash('sha256').update(Buffer.alloc(52428800, 'x')).update('END').digest('hex')
  assert.equal(createHash('sha256').update(result.stdout).digest('hex'), expected)
})

test('exit, cd, syntax errors and stdin readers cannot harm the session', async () => {
  assert.equal((await connection.exec('exit 7')).rc, 7)
  await connection.exec('cd /')
  const syntax = await connection.exec("echo 'unterminated")
  assert.notEqual(syntax.rc, 0)
  assert.equal((await connection.exec('cat; echo done')).stdout.toString(), 'done\n', 'stdin is /dev/null, not the frame stream')
  assert.equal((await connection.exec('echo alive')).stdout.toString(), 'alive\n')
})

test('an inline probe runs in the session shell; a syntax or expansion error in it does not end the session', async () => {
  const pid = (await connection.exec('echo $$')).stdout.toString()
  assert.equal((await connection.exec(inlineCommand('drover_probe_x=kept; echo $$'))).stdout.toString(), pid, 'no subshell')
  assert.equal((await connection.exec(inlineCommand('echo "$drover_probe_x"'))).stdout.toString(), 'kept\n')
  for (const broken of ['if true; then', 'echo "${drover_unset_y?missing}"', 'echo )']) {
    const result = await connection.exec(inlineCommand(broken))
    assert.notEqual(result.rc, 0, broken)
  }
  assert.equal((await connection.exec('echo $$')).stdout.toString(), pid, 'the same shell is still running')
})

test('text put before an inline mark (environment exports) turns it into an ordinary subshell frame', async () => {
  await connection.exec(`export DROVER_LEAK_TEST=1; ${inlineCommand('echo "$DROVER_LEAK_TEST"')}`)
  assert.equal((await connection.exec('echo "${DROVER_LEAK_TEST-unset}"')).stdout.toString(), 'unset\n')
})

test('stdin content travels in the frame, binary-safe', async () => {
  const input = Buffer.concat([Buffer.from("line 1\n'quoted' $(not run)\n"), randomBytes(300)])
  const result = await connection.exec('cat', { stdin: input })
  assert.ok(result.stdout.equals(input))
})

test('a killed shell is restarted once for the next command', async () => {
  const local = new LocalConnection('restart-test')
  try {
    await assert.rejects(local.exec('kill -9 $$; sleep 5'), /remote shell exited/)
    assert.equal((await local.exec('echo back')).stdout.toString(), 'back\n')
    await assert.rejects(local.exec('kill -9 $$; sleep 5'))
    await assert.rejects(local.exec('echo again'), /could not be kept running/)
  } finally {
    await local.close()
  }
})

test('each command is one frame', async () => {
  const local = new LocalConnection('count-test')
  try {
    await local.exec('true')
    await local.exec('echo a; echo b; echo c')
    assert.equal(local.roundTrips, 2)
  } finally {
    await local.close()
  }
})

test('output that pauses gets one ACK nudge per pause, not one per chunk; the prologue goes out once', async () => {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const written: string[] = []
  let nudges = 0
  const session = new ShellSession('fake', async () => ({ write: (data) => void written.push(data), nudge: () => void nudges++, stdout, stderr, onClose: () => {}, close: () => {} }))
  const answer = async (chunks: string[], pauseMs: number) => {
    while (written.length === 0 || !/printf '%s:%d\\n' [0-9a-f]+ /.test(written.at(-1)!)) await sleep(1)
    const nonce = /printf '%s:%d\\n' ([0-9a-f]+) /.exec(written.at(-1)!)![1]!
    for (const chunk of chunks) stdout.write(chunk)
    if (pauseMs) await sleep(pauseMs)
    stdout.write(`${nonce}:0\n`)
    stderr.write(`${nonce}\n`)
  }
  const first = session.run('probe one')
  await answer(['a\n', 'b\n', 'c\n', 'd\n', 'e\n'], 200)
  assert.equal((await first).stdout.toString(), 'a\nb\nc\nd\ne\n')
  assert.equal(nudges, 1)
  written.length = 0
  const second = session.run('probe two')
  await answer(['x\n', 'y\n'], 0)
  await second
  assert.equal(nudges, 1, 'output that arrives without a pause needs no nudge')
  assert.ok(written.every((text) => !text.includes(SHELL_PROLOGUE)), 'the prologue went with the first frame only')
})
