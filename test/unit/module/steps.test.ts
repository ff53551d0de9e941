import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { quote } from '../../../src/module/shell.js'
import { frameScript, inlineCommand } from '../../../src/connection/shell-session.js'
import { applyCommand, failedStepMessage, stepsScript } from '../../../src/module/steps.js'
import type { Step } from '../../../src/module/types.js'

const dir = mkdtempSync(join(tmpdir(), 'drover-steps-'))
after(() => rmSync(dir, { recursive: true, force: true }))

test('written files get their content and mode, through a temp file that does not stay behind', () => {
  const script = stepsScript([
    { kind: 'write', path: join(dir, 'open.conf'), content: 'open\n', mode: '0640' },
    { kind: 'write', path: join(dir, 'readonly.conf'), content: 'ro\n', mode: '0444' },
  ])
  execFileSync('sh', ['-c', script])
  assert.equal(readFileSync(join(dir, 'open.conf'), 'utf8'), 'open\n')
  assert.equal(statSync(join(dir, 'open.conf')).mode & 0o7777, 0o640)
  assert.equal(statSync(join(dir, 'readonly.conf')).mode & 0o7777, 0o444)
  assert.deepEqual(readdirSync(dir).sort(), ['open.conf', 'readonly.conf'])
})

test('a write that fails stops the steps after it and leaves no temp file; noclobber does not outlive it', () => {
  const bad = stepsScript([
    // Binary content travels as base64; corrupted, its decoding fails.
    { kind: 'write', path: join(dir, 'bad.conf'), content: Buffer.from('x\0\n'), mode: '0644' },
    { kind: 'exec', argv: ['touch', join(dir, 'not-reached')] },
  ]).replace(/^eAAK$/m, '!!!!')
  const missingDir = stepsScript([{ kind: 'write', path: join(dir, 'no', 'such.conf'), content: 'x\n', mode: '0644' }])
  for (const script of [bad, missingDir]) {
    const run = spawnSync('sh', ['-c', `${script}\necho "rc=$?"; echo y > ${join(dir, 'clobbered')}; echo y > ${join(dir, 'clobbered')} && echo clobber-ok`], { encoding: 'utf8' })
    assert.match(run.stdout, /rc=[1-9]/)
    assert.match(run.stdout, /clobber-ok/)
  }
  assert.deepEqual(readdirSync(dir).filter((name) => name !== 'open.conf' && name !== 'readonly.conf'), ['clobbered'])
})

test('text travels verbatim in the script (no decoding process); binary or invalid UTF-8 as base64', () => {
  const every = Array.from({ length: 0x7ff }, (_, i) => String.fromCodePoint(i + 1)).join('')
  const cases: [string, Buffer | string, 'printf' | 'base64'][] = [
    ['quotes', `a'b\\c%d$e\`f"g\n\r\t'' -n %s\\c`, 'printf'],
    ['every', every, 'printf'],
    ['utf8-buffer', Buffer.from('\u20ac\u0101\u0202\u{1F600} no newline'), 'printf'],
    ['empty', '', 'printf'],
    ['nul', Buffer.from([0x41, 0x00, 0x42]), 'base64'],
    ['latin1', Buffer.from([0xff, 0xfe, 0x41, 0x0a]), 'base64'],
  ]
  for (const [name, content, carrier] of cases) {
    const path = join(dir, 'text', name)
    const script = stepsScript([{ kind: 'exec', argv: ['mkdir', '-p', join(dir, 'text')] }, { kind: 'write', path, content, mode: '0600' }])
    assert.equal(script.includes('base64 -d'), carrier === 'base64', name)
    // As the session shell runs an apply frame: the script is itself quoted and eval'd.
    execFileSync('sh', ['-c', `( eval ${quote(script)} ) </dev/null`])
    assert.ok(readFileSync(path).equals(Buffer.from(content)), name)
  }
  rmSync(join(dir, 'text'), { recursive: true })
})

test('a failing step with its own message names itself; an ignored failure lets the next steps run', () => {
  const marker = join(dir, 'ran-after-ignored')
  const steps: Step[] = [
    { kind: 'exec', argv: ['sh', '-c', 'echo refused >&2; exit 1'], onFailure: 'ignore' },
    { kind: 'exec', argv: ['touch', marker] },
    { kind: 'exec', argv: ['sh', '-c', 'echo "Job for x.service failed." >&2; exit 1'], onFailure: { msg: 'Unable to start service x', stderr: true } },
    { kind: 'exec', argv: ['touch', join(dir, 'never')] },
  ]
  const run = spawnSync('sh', ['-c', stepsScript(steps)], { encoding: 'utf8' })
  assert.notEqual(run.status, 0)
  assert.ok(statSync(marker).isFile())
  assert.throws(() => statSync(join(dir, 'never')))
  assert.equal(failedStepMessage(steps, run.stdout, run.stderr), 'Unable to start service x: Job for x.service failed.\n')
  // A step without a message of its own: the executor's generic failure applies.
  const plain: Step[] = [{ kind: 'exec', argv: ['false'] }]
  const bare = spawnSync('sh', ['-c', stepsScript(plain)], { encoding: 'utf8' })
  assert.equal(failedStepMessage(plain, bare.stdout, bare.stderr), undefined)
})

test('an apply frame runs in the session shell unless a step names a shell builtin; the session carries on after it', () => {
  const target = join(dir, 'applied.conf')
  const steps: Step[] = [
    { kind: 'write', path: target, content: 'applied\n', mode: '0600' },
    { kind: 'exec', argv: ['chmod', '0640', target] },
  ]
  // A variable the after-probe sets is still there for the next frame only if no subshell ran it.
  const command = applyCommand(steps, 'drover_applied=yes')
  assert.ok(command.startsWith(inlineCommand('')))
  assert.ok(!applyCommand([{ kind: 'exec', argv: ['cd', '/'] }]).startsWith(inlineCommand('')))
  assert.ok(!applyCommand([{ kind: 'exec', argv: ['umask', '077'] }]).startsWith(inlineCommand('')))
  // As the session runs it: the frame inline, then a later frame in the same shell.
  const body = command.slice(inlineCommand('').length)
  const session = `${frameScript(body, 'n1', undefined, true)}echo "seen:$drover_applied"; echo y > ${quote(target)}; cat ${quote(target)}\n`
  const run = spawnSync('sh', ['-c', session], { encoding: 'utf8' })
  assert.match(run.stdout, /seen:yes\n/, 'the frame ran in the session shell itself')
  assert.match(run.stdout, /n1:0\n/)
  assert.match(run.stdout, /\ny\n$/, 'noclobber is off again for the next frame')
  assert.equal(statSync(target).mode & 0o7777, 0o640)
  rmSync(target)
})
