import assert from 'node:assert/strict'
import { cpSync, existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { test } from 'node:test'
import { runDrover } from './run-drover.js'
import { tempDir } from '../support/temp-dir.js'

const repo = process.cwd()

test('the README main job converges, then changes nothing the second time', async () => {
  const work = tempDir('drover-readme-')
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, NO_COLOR: '1' }
  // A copy of the playbook dir: like ansible-playbook, local tasks work relative to the playbook.
  // Without the demo's own output, which a run of the README command in the checkout leaves there.
  cpSync(resolve(repo, 'playbooks'), join(work, 'playbooks'), { recursive: true, filter: (path) => !path.includes('.drover-demo') })
  const args = ['playbook', '-i', resolve(repo, 'inventory/local.yml'), join(work, 'playbooks/site.yml')]
  const first = await runDrover(args, { env, cwd: work })
  assert.equal(first.code, 0, first.stdout + first.stderr)
  assert.match(first.stdout, /^localhost +: ok=6    changed=4    unreachable=0    failed=0/m)
  const demo = join(work, 'playbooks/.drover-demo')
  assert.equal(readFileSync(join(demo, 'hello.txt'), 'utf8'), 'converged by drover\n')
  assert.match(readFileSync(join(demo, 'about.txt'), 'utf8'), /^host: +localhost/)
  assert.equal(readFileSync(join(demo, 'settings.conf'), 'utf8'), 'color = green\n')
  const second = await runDrover(args, { env, cwd: work })
  assert.equal(second.code, 0)
  assert.match(second.stdout, /^localhost +: ok=6    changed=0    unreachable=0    failed=0/m)
  assert.ok(existsSync(demo))
})

test("the README's first lines are the two commands", () => {
  const readme = readFileSync(resolve(repo, 'README.md'), 'utf8').split('\n')
  const commands = readme.filter((l) => l.startsWith('    ') || l.startsWith('npm ')).slice(0, 2).map((l) => l.trim())
  assert.match(commands[0] ?? '', /^npm install && npm run -s drover -- playbook -i inventory\/local\.yml playbooks\/site\.yml$/)
  assert.equal(commands[1], 'npm test')
})
