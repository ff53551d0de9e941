/**
 * --step and vars_prompt at a terminal and without one. Without one, --step shows Ansible's question
 * and stops the run with ansible-playbook's exit code (2), and vars_prompt takes the defaults with a
 * warning; at a terminal (a PTY from `script`) the answers decide what runs.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, beforeEach, test } from 'node:test'
import { startHarness, type Harness } from '../harness/index.js'
import { clearScratch } from '../playbooks/corpus.js'
import { DROVER_MAIN, runDrover } from './run-drover.js'

let harness: Harness
let inventory: string
let stepPlaybook: string
let promptPlaybook: string

before(async () => {
  harness = await startHarness({ hosts: 1 })
  inventory = harness.writeInventory({ hosts: harness.hosts })
  stepPlaybook = join(harness.dir, 'step.yml')
  writeFileSync(
    stepPlaybook,
    ['- hosts: all', '  gather_facts: false', '  tasks:', ...['one', 'two', 'three'].flatMap((n) => [`    - name: task ${n}`, `      shell: echo ${n} >> {{ harness_scratch }}/trace`]), ''].join('\n'),
  )
  promptPlaybook = join(harness.dir, 'prompt.yml')
  writeFileSync(
    promptPlaybook,
    [
      '- hosts: all',
      '  gather_facts: false',
      '  vars_prompt:',
      '    - name: color',
      '      prompt: Which color',
      '      default: blue',
      '      private: false',
      '  tasks:',
      '    - copy:',
      '        content: "{{ color }}"',
      '        dest: "{{ harness_scratch }}/color"',
      '',
    ].join('\n'),
  )
})

beforeEach(() => clearScratch(harness.hosts[0]!.scratch))

after(async () => {
  await harness?.stop()
})

function trace(file = 'trace'): string | undefined {
  const path = join(harness.hosts[0]!.scratch, file)
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

/** Runs drover on a PTY (util-linux `script`), answering each question as it appears. */
function onTerminal(args: string[], question: string, answers: string[]): Promise<{ code: number; output: string }> {
  const command = [process.execPath, DROVER_MAIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...harness.env(), NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    let asked = 0
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const seen = output.split(question).length - 1
      while (asked < seen && asked < answers.length) child.stdin.write(`${answers[asked++]}\n`)
    })
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, output: output.replace(/\r/g, '') })
    })
  })
}

test('--step without a terminal shows the question, runs nothing and exits 2', async () => {
  const run = await runDrover(['playbook', '-i', inventory, '--step', stepPlaybook], { env: { ...harness.env(), NO_COLOR: '1' } })
  assert.equal(run.code, 2, run.stdout + run.stderr)
  assert.match(run.stdout, /Perform task: TASK: task one \(N\)o\/\(y\)es\/\(c\)ontinue: \nPLAY RECAP/)
  assert.match(run.stderr, /--step needs a terminal/)
  assert.equal(trace(), undefined)
})

test('--step at a terminal: n skips a task, y runs it, c runs the rest without asking', async () => {
  const run = await onTerminal(['playbook', '-i', inventory, '--step', stepPlaybook], '(c)ontinue: ', ['n', 'y', 'n'])
  assert.equal(run.code, 0, run.output)
  assert.equal(trace(), 'two\n')
  const again = await onTerminal(['playbook', '-i', inventory, '--step', stepPlaybook], '(c)ontinue: ', ['n', 'c'])
  assert.equal(again.code, 0, again.output)
  assert.equal(trace(), 'two\ntwo\nthree\n')
  assert.equal(again.output.split('(c)ontinue: ').length - 1, 2, 'c stops the questions')
  assert.doesNotMatch(again.output, /TASK \[task one\]/, 'a task answered n gets no banner')
})

test('vars_prompt: defaults and a warning without a terminal, -e instead of asking, the answer at one', async () => {
  const piped = await runDrover(['playbook', '-i', inventory, promptPlaybook], { env: { ...harness.env(), NO_COLOR: '1' } })
  assert.equal(piped.code, 0, piped.stdout + piped.stderr)
  assert.match(piped.stderr, /\[WARNING\]: Not prompting as we are not in interactive mode/)
  assert.equal(trace('color'), 'blue')
  const given = await runDrover(['playbook', '-i', inventory, '-e', 'color=red', promptPlaybook], { env: { ...harness.env(), NO_COLOR: '1' } })
  assert.equal(given.code, 0, given.stdout + given.stderr)
  assert.doesNotMatch(given.stderr, /Not prompting/)
  assert.equal(trace('color'), 'red')
  const asked = await onTerminal(['playbook', '-i', inventory, promptPlaybook], 'Which color [blue]: ', ['green'])
  assert.equal(asked.code, 0, asked.output)
  assert.equal(trace('color'), 'green')
})
