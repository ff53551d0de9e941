/**
 * The file modules end to end: `drover run` over real sshd hosts (harness), end state checked on
 * the host's filesystem, a second run reporting no change, and --check changing nothing.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { useOneHost } from './one-host.js'

const host = useOneHost()

async function adhoc(module: string, args: string, extra: string[] = []) {
  const run = await host.adhoc(module, args, extra)
  assert.notEqual(run.code, 2, run.stdout + run.stderr)
  return run
}

async function changedThenOk(module: string, args: string): Promise<void> {
  const first = await adhoc(module, args)
  assert.equal(first.code, 0, first.stdout + first.stderr)
  assert.match(first.stdout, /^h1 \| CHANGED => /m, `${module} ${args}: ${first.stdout}`)
  const second = await adhoc(module, args)
  assert.equal(second.code, 0, second.stdout + second.stderr)
  assert.match(second.stdout, /^h1 \| SUCCESS => /m, `second ${module} ${args}: ${second.stdout}`)
}

test('file, copy, lineinfile, blockinfile, replace, template: changed once, then ok; end state on the host', async () => {
  const dir = join(host.scratch, 'app')
  await changedThenOk('file', `path=${dir} state=directory mode=0750`)
  assert.equal(statSync(dir).mode & 0o777, 0o750)
  await changedThenOk('copy', `content=one dest=${dir}/conf mode=0640`)
  assert.equal(readFileSync(join(dir, 'conf'), 'utf8'), 'one')
  await changedThenOk('lineinfile', `path=${dir}/conf line=two`)
  await changedThenOk('blockinfile', `path=${dir}/conf block=three`)
  await changedThenOk('replace', `path=${dir}/conf regexp=^two$ replace=TWO`)
  assert.equal(readFileSync(join(dir, 'conf'), 'utf8'), 'one\nTWO\n# BEGIN ANSIBLE MANAGED BLOCK\nthree\n# END ANSIBLE MANAGED BLOCK\n')
  await changedThenOk('file', `path=${dir}/current state=link src=${dir}/conf`)
  const template = join(host.harness.dir, 'motd.j2')
  writeFileSync(template, 'host={{ inventory_hostname }}\n')
  await changedThenOk('template', `src=${template} dest=${dir}/motd`)
  assert.equal(readFileSync(join(dir, 'motd'), 'utf8'), 'host=h1\n')
  const st = await adhoc('stat', `path=${dir}/conf`)
  assert.match(st.stdout, /"checksum": "[0-9a-f]{40}"/)
  assert.match(st.stdout, /^h1 \| SUCCESS => /m)
})

test('--check reports CHANGED and changes nothing on the host; --diff prints the content diff', async () => {
  const path = join(host.scratch, 'checked.txt')
  const run = await adhoc('copy', `content=x dest=${path}`, ['--check', '--diff'])
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /^h1 \| CHANGED/m)
  assert.equal(existsSync(path), false)
})
