import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startHarness, type Harness } from '../harness/index.js'
import { tempDir } from '../support/temp-dir.js'
import { runDrover } from './run-drover.js'

const SECRET = 'S3cret-Answer-9xQ'
const dir = tempDir('drover-expect-')
let h: Harness
let inventory: string

/** An installer that asks three questions, the second without echo, and prints what it understood. */
const WIZARD = [
  '#!/bin/sh',
  'printf "Your name: "; read name',
  'stty -echo 2>/dev/null; printf "Password: "; read pw; stty echo 2>/dev/null; echo',
  'printf "Continue? [y/n] "; read yn',
  'echo "name=$name yn=$yn pwlen=${#pw}"',
  `[ "$pw" = '${SECRET}' ] && echo "$name" > "$HARNESS_SCRATCH/wizard-done"`,
  'exit 0',
].join('\n')

before(async () => {
  h = await startHarness({ hosts: 2 })
  inventory = h.writeInventory({})
  for (const host of h.hosts) writeFileSync(join(host.scratch, 'wizard.sh'), `${WIZARD}\n`, { mode: 0o755 })
})
after(() => h?.stop())

function playbook(name: string, tasks: string[]): string {
  const file = join(dir, name)
  writeFileSync(file, ['- hosts: all', '  gather_facts: false', '  tasks:', ...tasks.map((t) => `    ${t}`), ''].join('\n'))
  return file
}

const WIZARD_TASK = [
  '- name: run the wizard',
  '  expect:',
  '    command: sh {{ harness_scratch }}/wizard.sh',
  '    responses:',
  '      "Your name:": drover',
  `      "(?i)password:": "${SECRET}"`,
  '      "Continue\\\\? \\\\[y/n\\\\]": "y"',
  '  register: out',
  '- name: the host saw the right answers',
  "  command: cat {{ harness_scratch }}/wizard-done",
  '  register: done',
  '- assert:',
  '    that:',
  "      - done.stdout == 'drover'",
  "      - \"'name=drover yn=y pwlen=17' in out.stdout\"",
]

test('expect answers a multi-prompt script, including a password, on every host', async () => {
  const run = await runDrover(['playbook', '-i', inventory, playbook('wizard.yml', WIZARD_TASK), '-v'], { env: h.env(), cwd: dir })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /h1 +: ok=3 +changed=2 +unreachable=0 +failed=0/)
  assert.match(run.stdout, /h2 +: ok=3 +changed=2 +unreachable=0 +failed=0/)
  assert.match(run.stdout, /Your name: /)
  assert.ok(!run.stdout.includes(SECRET) && !run.stderr.includes(SECRET), `secret leaked:\n${run.stdout}`)
})

test('the secret answer never appears at -vvv nor in JSON lines, even when echoed', async () => {
  // The terminal echoes what is typed here (echo: true, and the program does not turn echo off).
  const echoed = [
    '- expect:',
    `    command: ${JSON.stringify(`sh -c 'printf "Passphrase: "; read p; echo read it'`)}`,
    '    echo: true',
    '    responses:',
    `      "Passphrase:": "${SECRET}"`,
  ]
  const file = playbook('echoed.yml', [...WIZARD_TASK, ...echoed])
  const junit = join(dir, 'report.xml')
  for (const args of [['-vvv'], ['-vvv', '--output', 'json', '--junit', junit]]) {
    const run = await runDrover(['playbook', '-i', inventory, file, ...args], { env: h.env(), cwd: dir })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    for (const text of [run.stdout, run.stderr]) assert.ok(!text.includes(SECRET), `secret leaked with ${args.join(' ')}:\n${text}`)
    assert.match(run.stdout, /Passphrase: \*{8}\\r\\nread it/, 'the echoed answer is shown masked')
  }
  assert.ok(!readFileSync(junit, 'utf8').includes(SECRET))
})

test('a prompt that never comes fails after the timeout with the text seen so far', async () => {
  const file = playbook('stuck.yml', [
    '- expect:',
    `    command: ${JSON.stringify(`sh -c 'printf "Enter token: "; read t; printf "Never asked again"; sleep 30'`)}`,
    '    timeout: 2',
    '    responses:',
    `      "token:": "${SECRET}"`,
    '      "Confirm:": "yes"',
  ])
  const started = Date.now()
  const run = await runDrover(['playbook', '-i', inventory, '--limit', 'h1', file], { env: h.env(), cwd: dir })
  const seconds = (Date.now() - started) / 1000
  assert.equal(run.code, 2, run.stdout + run.stderr)
  assert.match(run.stdout, /fatal: \[h1\]: FAILED! => .*"msg": "command exceeded timeout"/s)
  assert.match(run.stdout, /"stdout": "Enter token: .*Never asked again"/s)
  assert.match(run.stdout, /"rc": null/)
  assert.ok(seconds < 20, `took ${seconds}s`)
  assert.ok(!run.stdout.includes(SECRET))
})

test('a list of answers is used in order and running out of answers fails', async () => {
  const file = playbook('list.yml', [
    '- expect:',
    `    command: ${JSON.stringify(`sh -c 'for i in 1 2 3; do printf "Q$i? "; read a; echo "got $a"; done'`)}`,
    '    responses:',
    '      "Q\\\\d\\\\?":',
    '        - one',
    '        - two',
    '  register: r',
    '  ignore_errors: true',
    '- assert:',
    '    that:',
    '      - r is failed',
    "      - r.msg is search('No remaining responses for')",
  ])
  const run = await runDrover(['playbook', '-i', inventory, '--limit', 'h1', file], { env: h.env(), cwd: dir })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /No remaining responses for 'Q\\\\d\\\\\?', output was '.*Q3\?'/s)
})

test('creates skips the command; a non-zero exit fails with the output', async () => {
  const file = playbook('rc.yml', [
    '- expect:',
    '    command: /bin/false',
    '    creates: /etc/passwd',
    '    responses: {}',
    '- expect:',
    `    command: sh -c 'echo bad; exit 3'`,
    '    responses: {}',
  ])
  const run = await runDrover(['playbook', '-i', inventory, '--limit', 'h1', file, '-v'], { env: h.env(), cwd: dir })
  assert.equal(run.code, 2, run.stdout + run.stderr)
  assert.match(run.stdout, /"stdout": "skipped, since \/etc\/passwd exists"/)
  assert.match(run.stdout, /"msg": "non-zero return code".*"rc": 3/s)
  assert.match(run.stdout, /"stdout": "bad"/)
})

test('environment reaches the program; become is refused clearly rather than ignored', async () => {
  const file = playbook('env.yml', [
    '- expect:',
    `    command: ${JSON.stringify(`sh -c 'printf "$GREETING? "; read a; echo "got $a"'`)}`,
    '    responses:',
    '      "Bonjour\\\\?": oui',
    '  environment:',
    '    GREETING: Bonjour',
    '  register: r',
    "- assert: {that: \"r.stdout == 'Bonjour? got oui'\"}",
    '- expect:',
    '    command: id',
    '    responses: {}',
    '  become: true',
  ])
  const run = await runDrover(['playbook', '-i', inventory, '--limit', 'h1', file], { env: h.env(), cwd: dir })
  assert.equal(run.code, 2, run.stdout + run.stderr)
  assert.match(run.stdout, /h1 +: ok=2 +changed=1 +unreachable=0 +failed=1/)
  assert.match(run.stdout, /become is not supported for commands in a pseudo-terminal \(expect\) yet/)
})
