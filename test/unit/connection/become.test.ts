import assert from 'node:assert/strict'
import { test } from 'node:test'
import { becomeKey, becomeLaunch } from '../../../src/connection/become.js'
import { resolveBecome } from '../../../src/connection/become-target.js'
import type { Settings } from '../../../src/config/settings.js'

test('sudo: default flags, -n only without a password, the password never in the command', () => {
  const without = becomeLaunch({ method: 'sudo', user: 'root' })
  assert.match(without.command, /^exec sudo -H -S -n -u root \/bin\/sh -c /)
  const withPassword = becomeLaunch({ method: 'sudo', user: 'app', password: 's3cret' })
  assert.match(withPassword.command, /^exec sudo -H -S -p '\[drover become [0-9a-f]+\] password:' -u app \/bin\/sh -c /)
  assert.ok(!withPassword.command.includes('s3cret'))
  assert.ok(withPassword.command.includes(withPassword.ready))
  assert.ok(withPassword.isPrompt(`[drover become ${withPassword.ready.slice(-24)}] password:`))
  assert.ok(!withPassword.isPrompt('password:'), 'only our own random prompt counts')
})

test('flags and exe replace the defaults; su quotes its command', () => {
  assert.match(becomeLaunch({ method: 'sudo', user: 'root', flags: '-S -E', exe: '/opt/sudo' }).command, /^exec \/opt\/sudo -S -E -u root /)
  const su = becomeLaunch({ method: 'su', user: 'app', flags: '-' })
  assert.match(su.command, /^exec su - app -c '\/bin\/sh -c '/)
  assert.ok(su.isPrompt('Password: '))
  assert.ok(su.isPrompt('Passwort:'))
})

test('escalated shells are shared per method, user, flags and exe, not per password', () => {
  assert.equal(becomeKey({ method: 'sudo', user: 'root', password: 'a' }), becomeKey({ method: 'sudo', user: 'root', password: 'b' }))
  assert.notEqual(becomeKey({ method: 'sudo', user: 'root' }), becomeKey({ method: 'sudo', user: 'app' }))
})

const settings = { become: false, becomeMethod: 'sudo', becomeUser: 'root' } as Settings

test('resolveBecome: host variables over keywords over settings; -K as the fallback password', () => {
  assert.equal(resolveBecome({}, {}, settings), undefined)
  assert.deepEqual(resolveBecome({}, { become: true, becomeUser: 'app' }, settings, { becomePassword: 'k' }), { method: 'sudo', user: 'app', flags: undefined, exe: undefined, password: 'k' })
  assert.deepEqual(resolveBecome({ ansible_become: 'yes', ansible_become_user: 'db', ansible_become_pass: 'v', ansible_become_method: 'su' }, { becomeUser: 'app' }, settings, { becomePassword: 'k' }),
    { method: 'su', user: 'db', flags: undefined, exe: undefined, password: 'v' })
  assert.throws(() => resolveBecome({}, { become: true, becomeMethod: 'doas' }, settings), /doas' is not supported/)
})
