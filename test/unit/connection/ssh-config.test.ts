import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { resolveEndpoint, parseJumpSpec } from '../../../src/connection/endpoint.js'
import { parseSshArgs } from '../../../src/connection/ssh-args.js'
import { expandPath, optionsFor, parseSshConfig, resolveHostOptions } from '../../../src/connection/ssh-config.js'
import type { ConnectionTarget } from '../../../src/connection/types.js'
import { tempDir } from '../../support/temp-dir.js'

const CONFIG = `
# global options come first and apply everywhere
ServerAliveInterval 5

Host web-* !web-legacy
    HostName %h.example.com
    User deploy
    Port=2200
    IdentityFile ~/.ssh/web_%r
    IdentitiesOnly yes

Host web-legacy
    User old

Host *.internal
    ProxyJump bastion-a,admin@bastion-b:2022

Host bastion-a
    HostName 10.0.0.1
    User jump

Host *
    User fallback
    IdentityFile ~/.ssh/id_extra
    ConnectTimeout 3
    UserKnownHostsFile ~/.ssh/known_%h /etc/ssh/other

Match exec "false"
    User never
`

const home = '/home/tester'
const config = parseSshConfig(CONFIG, '/home/tester/.ssh/config', home)

test('first value wins; IdentityFile accumulates; negated patterns exclude', () => {
  const web = resolveHostOptions(optionsFor(config, 'web-1'))
  assert.equal(web.hostName, '%h.example.com')
  assert.equal(web.user, 'deploy')
  assert.equal(web.port, 2200)
  assert.equal(web.identitiesOnly, true)
  assert.deepEqual(web.identityFiles, ['~/.ssh/web_%r', '~/.ssh/id_extra'])
  assert.equal(web.serverAliveInterval, 5)
  assert.equal(web.connectTimeout, 3)
  const legacy = resolveHostOptions(optionsFor(config, 'web-legacy'))
  assert.equal(legacy.user, 'old', 'the negation kept web-* from applying')
  assert.equal(legacy.port, undefined)
  assert.equal(resolveHostOptions(optionsFor(config, 'other')).user, 'fallback', 'Match blocks other than "all" never apply')
})

test('tokens and ~ in paths', () => {
  const t = { host: 'web-1.example.com', originalHost: 'web-1', port: 2200, remoteUser: 'deploy', localUser: 'me', home }
  assert.equal(expandPath('~/.ssh/web_%r', t), '/home/tester/.ssh/web_deploy')
  assert.equal(expandPath('%d/%u/%n/%h:%p%%', t), '/home/tester/me/web-1/web-1.example.com:2200%')
})

test('ssh arguments: -o in both forms, -J, -i, -p, -l, -F; unknown flags reported', () => {
  const args = parseSshArgs(`-o ProxyJump=a@b:1 -o 'User x' -oPort=5 -J c -i /k -p 7 -l u -F /cfg -C -o ControlMaster=auto -R 80:x:80`)
  assert.deepEqual(args.options, [['proxyjump', 'a@b:1'], ['user', 'x'], ['port', '5'], ['proxyjump', 'c'], ['identityfile', '/k'], ['port', '7'], ['user', 'u'], ['controlmaster', 'auto']])
  assert.equal(args.configFile, '/cfg')
  assert.deepEqual(args.ignored, ['-R', '80:x:80'])
})

test('jump specs', () => {
  assert.deepEqual(parseJumpSpec('admin@bastion-b:2022'), { user: 'admin', host: 'bastion-b', port: 2022 })
  assert.deepEqual(parseJumpSpec('ssh://b'), { user: undefined, host: 'b', port: undefined })
  assert.deepEqual(parseJumpSpec('[::1]:22'), { user: undefined, host: '::1', port: 22 })
})

function fixture(): { env: NodeJS.ProcessEnv; home: string } {
  const dir = tempDir('ssh-config-test-')
  mkdirSync(join(dir, '.ssh'))
  writeFileSync(join(dir, '.ssh', 'config'), CONFIG)
  return { env: { HOME: dir }, home: dir }
}

const target = (extra: Partial<ConnectionTarget>): ConnectionTarget => ({
  name: 'h', transport: 'ssh', address: 'web-1', port: 22, user: 'inventory-user', timeoutSeconds: 10, ...extra,
})

test('endpoint: inventory variables win over the config; fallbacks give way to it', () => {
  const { env, home: dir } = fixture()
  const explicit = resolveEndpoint(target({ port: 2222, privateKeyFile: '/keys/inv' }), { env })
  assert.equal(explicit.target.address, 'web-1.example.com')
  assert.equal(explicit.target.user, 'inventory-user')
  assert.equal(explicit.target.port, 2222)
  assert.deepEqual(explicit.target.identityFiles.map((f) => f.path), ['/keys/inv', join(dir, '.ssh/web_inventory-user'), join(dir, '.ssh/id_extra')])
  assert.equal(explicit.target.identitiesOnly, true)
  assert.equal(explicit.target.keepaliveMs, 5000)
  assert.deepEqual(explicit.target.knownHostsFiles, [join(dir, '.ssh/known_web-1.example.com'), '/etc/ssh/other'])
  const fallback = resolveEndpoint(target({ defaulted: ['user', 'port', 'timeout'] }), { env })
  assert.equal(fallback.target.user, 'deploy')
  assert.equal(fallback.target.port, 2200)
  assert.equal(fallback.target.connectTimeoutMs, 3000)
  const args = resolveEndpoint(target({ defaulted: ['user', 'port'], sshArgs: '-o User=from-args -p 9' }), { env })
  assert.equal(args.target.user, 'from-args', '-o beats the config file')
  assert.equal(args.target.port, 9)
})

test('endpoint: ProxyJump chains, each bastion resolved through the config', () => {
  const { env } = fixture()
  const endpoint = resolveEndpoint(target({ address: 'db.internal' }), { env })
  assert.deepEqual(endpoint.jumps.map((j) => [j.label, j.address, j.port, j.user]), [
    ['bastion-a', '10.0.0.1', 22, 'jump'],
    ['admin@bastion-b:2022', 'bastion-b', 2022, 'admin'],
  ])
  assert.equal(resolveEndpoint(target({ address: 'db.internal', sshArgs: '-o ProxyJump=none' }), { env }).jumps.length, 0, 'args win, and none disables')
  assert.throws(() => resolveEndpoint(target({ address: 'plain', sshArgs: '-o ProxyCommand="nc %h %p"' }), { env }), /ProxyCommand is not supported by drover; use ProxyJump/)
  const fromArgs = resolveEndpoint(target({ address: 'plain', sshArgs: '-J x@y:3' }), { env })
  assert.deepEqual(fromArgs.jumps.map((j) => [j.user, j.address, j.port]), [['x', 'y', 3]])
})

test('endpoint: without any named key, the default identities are optional candidates', () => {
  const dir = tempDir('ssh-config-empty-')
  const endpoint = resolveEndpoint(target({}), { env: { HOME: dir } })
  assert.ok(endpoint.target.identityFiles.every((f) => !f.explicit))
  assert.ok(endpoint.target.identityFiles.some((f) => f.path === join(dir, '.ssh', 'id_ed25519')))
  assert.equal(endpoint.target.user, 'inventory-user')
  assert.notEqual(userInfo().username, undefined)
})
