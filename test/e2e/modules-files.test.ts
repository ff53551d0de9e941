/**
 * The file modules end to end: `drover run` over real sshd hosts (harness), end state checked on
 * the host's filesystem, a second run reporting no change, and --check changing nothing.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { useOneHost } from './one-host.js'
import { runDrover } from './run-drover.js'

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

test('a changed file task stats its path afterwards only when something reads the result: register, -v or JSON', async () => {
  // A `stat` ahead of coreutils' on the tasks' PATH counts the after-probes (the gather of a missing
  // path runs none).
  const bin = join(host.scratch, 'counting-bin')
  const calls = join(host.scratch, 'stat-calls')
  mkdirSync(bin)
  writeFileSync(join(bin, 'stat'), `#!/bin/sh\nfor a; do last=$a; done\necho "$last" >> ${calls}\nexec /usr/bin/stat "$@"\n`, { mode: 0o755 })
  const play = (dir: string) => {
    const file = join(host.harness.dir, `after-${dir}.yml`)
    writeFileSync(file, [
      '- hosts: h1',
      '  gather_facts: false',
      `  environment: { PATH: "${bin}:/usr/bin:/bin" }`,
      '  tasks:',
      `    - file: { path: "${host.scratch}/${dir}/plain", state: directory }`,
      `    - file: { path: "${host.scratch}/${dir}/kept", state: directory }`,
      '      register: kept',
      '    - debug: { msg: "{{ kept.size }} {{ kept.uid }}" }',
      '',
    ].join('\n'))
    return file
  }
  const counted = async (dir: string, extra: string[]) => {
    // Written by the login user, not by this (root) test process.
    rmSync(calls, { force: true })
    const run = await runDrover(['playbook', '-i', host.inventory, play(dir), ...extra], { env: { ...host.harness.env(), NO_COLOR: '1' } })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    return { run, statted: (existsSync(calls) ? readFileSync(calls, 'utf8') : '').split('\n').filter(Boolean).map((p) => p.slice(p.lastIndexOf('/') + 1)) }
  }
  const quiet = await counted('quiet', [])
  assert.deepEqual(quiet.statted, ['kept'])
  assert.match(quiet.run.stdout, /"msg": "\d+ \d+"/)
  const verbose = await counted('verbose', ['-v'])
  assert.deepEqual(verbose.statted, ['plain', 'kept'])
  assert.match(verbose.run.stdout, /changed: \[h1\] => \{.*"size": \d+.*"state": "directory"/)
  const json = await counted('json', ['--output', 'json'])
  assert.deepEqual(json.statted, ['plain', 'kept'])
})
