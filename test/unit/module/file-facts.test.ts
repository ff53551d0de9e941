import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { hostEnv, linkTargetOf, parseSections, pathFacts, pathProbe } from '../../../src/module/file-facts.js'
import { afterProbe } from '../../../src/module/paths.js'

test('one `id` gives the ids and names; an id without a name leaves the name empty', () => {
  const named = hostEnv(parseSections('@@host:env\n0022\n2026-01-01@00:00:00\n42\nuid=1000(deploy) gid=1001(staff) groups=1001(staff)\n'))
  assert.deepEqual(named, { umask: 0o22, now: '2026-01-01@00:00:00', pid: '42', uid: 1000, gid: 1001, user: 'deploy', group: 'staff' })
  const bare = hostEnv(parseSections('@@host:env\n0077\n\n42\nuid=1234 gid=1234 groups=1234\n'))
  assert.deepEqual([bare.uid, bare.gid, bare.user, bare.group, bare.now], [1234, 1234, '', '', ''])
})

test('an existence-only probe answers exists without a stat', () => {
  assert.deepEqual(pathFacts(parseSections('@@parent:exists\n'), 'parent', '/srv'), { path: '/srv', exists: true })
  assert.deepEqual(pathFacts(parseSections(''), 'parent', '/srv'), { path: '/srv', exists: false })
})

test('content sent back without a digest gets its SHA1 on the controller', () => {
  const stat = '81a4 0 0 6 0 0 0 1 1 1 8 4096 0 0 root root'
  const facts = pathFacts(parseSections(`@@d:stat\n${stat}\n@@d:content\n${Buffer.from('hello\n').toString('base64')}\n`), 'd', '/f')
  assert.equal(facts.checksum, createHash('sha1').update('hello\n').digest('hex'))
  const given = pathFacts(parseSections(`@@d:stat\n${stat}\n@@d:sha1\nabc\n@@d:content\naGk=\n`), 'd', '/f')
  assert.equal(given.checksum, 'abc')
})

test('a link probed without its target\'s stat tells a dangling link by `[ -e ]`; the after-change probe stats only the link', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drover-after-'))
  try {
    writeFileSync(join(dir, 'target'), 'x')
    symlinkSync(join(dir, 'target'), join(dir, 'live'))
    symlinkSync(join(dir, 'missing'), join(dir, 'dangling'))
    const report = (name: string) => {
      const probe = afterProbe(join(dir, name))
      assert.doesNotMatch(probe.command, /readlink|stat -L/)
      return probe.result(execFileSync('sh', ['-c', probe.command], { encoding: 'utf8' }))
    }
    const live = report('live')
    assert.equal(live.state, 'link')
    assert.equal(live.size, join(dir, 'target').length)
    assert.deepEqual(report('dangling'), {})
    assert.equal(report('target').state, 'file')
    assert.deepEqual(report('absent'), {})
    // Without the target's stat a link still tells what it points to and whether that exists.
    const facts = (name: string) => {
      const probe = pathProbe('p', join(dir, name), { targetStat: false })
      assert.doesNotMatch(probe, /stat -L/)
      return pathFacts(parseSections(execFileSync('sh', ['-c', probe], { encoding: 'utf8' })), 'p', join(dir, name))
    }
    assert.deepEqual([facts('live').linkTarget, facts('live').resolves, facts('live').target], [join(dir, 'target'), true, undefined])
    assert.deepEqual([facts('dangling').linkTarget, facts('dangling').resolves], [join(dir, 'missing'), false])
    assert.equal(facts('target').resolves, undefined)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a link\'s target comes back exactly from the same `stat` (C-quoted %N): newline, quotes, backslash, UTF-8, control bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drover-names-'))
  try {
    const odd = 'a\nb"c\\d é \u0001 ?? \'x -> "y"'
    const cases = { odd, plain: 'target', spaced: ' lead and trail ', arrow: 'x" -> "y' }
    for (const [name, target] of Object.entries(cases)) symlinkSync(target, join(dir, `${name}\n-> "q"`))
    for (const [name, target] of Object.entries(cases)) {
      const path = join(dir, `${name}\n-> "q"`)
      const probe = pathProbe('p', path)
      assert.doesNotMatch(probe, /readlink/)
      const facts = pathFacts(parseSections(execFileSync('sh', ['-c', probe], { encoding: 'utf8' })), 'p', path)
      assert.equal(facts.linkTarget, target, name)
      assert.equal(facts.stat?.type, 'link')
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a %N line in another quoting (busybox) leaves the target unknown rather than guessed', () => {
  assert.equal(linkTargetOf(`'/srv/l' -> '/srv/t'`), undefined)
  assert.equal(linkTargetOf('"/srv/l" -> "/srv/t"'), '/srv/t')
  assert.equal(linkTargetOf('"/srv/l" -> "/srv/\\303\\251"'), '/srv/é')
  assert.equal(linkTargetOf('"/srv/l"'), undefined)
  assert.equal(linkTargetOf('"/srv/l" -> "/srv/t" trailing'), undefined)
})
