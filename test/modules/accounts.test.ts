/** user and group decisions as fixtures: gathered account facts + args → the command (or none) and the result. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { groupResult, planGroup, type GroupArgs } from '../../modules/group.js'
import { parseUserFacts, userProbe } from '../../modules/user.js'
import { parseGroups, parsePasswd, parseShadow } from '../../src/module/accounts.js'
import { planFollowUp, planMain, userResult, type UserArgs, type UserFacts } from '../../src/module/user-plan.js'
import { args } from './fixtures.js'

const GROUPS = parseGroups(['root:x:0:', 'adm:x:4:alice', 'users:x:100:', 'devs:x:1500:alice,bob', 'alice:x:1040:'].join('\n'))
const ALICE = parsePasswd('alice:x:1040:1040:Alice A:/home/alice:/bin/bash')!

function facts(extra: Partial<UserFacts> = {}): UserFacts {
  return {
    user: ALICE, shadow: parseShadow('alice:$6$s$h:19700:0:99999:7:::')!, groups: GROUPS, hostname: 'deb1',
    homeParentIsDir: true, argHomeExists: false, currentHomeExists: true, loginUmask: '022', ...extra,
  }
}
const user = (raw: Record<string, unknown>) => args<UserArgs>('user', raw)
const group = (raw: Record<string, unknown>) => args<GroupArgs>('group', raw)
const noUser = (extra: Partial<UserFacts> = {}) => facts({ user: undefined, shadow: undefined, currentHomeExists: false, ...extra })

test('user present, missing: useradd with every given attribute, -m, and the name last', () => {
  const plan = planMain(user({ name: 'carol', uid: 1050, comment: 'C', shell: '/bin/sh', groups: ['adm', 'devs'], password: '$6$x$y' }), noUser())
  assert.deepEqual(plan, { kind: 'create', makeHomeFirst: false, argv: ['useradd', '-u', '1050', '-G', 'adm,devs', '-c', 'C', '-s', '/bin/sh', '-p', '$6$x$y', '-m', 'carol'] })
})

test('user present, missing: -N when a group is named like the user; -M without create_home; -r for system', () => {
  assert.deepEqual(planMain(user({ name: 'alice', create_home: false, system: true }), noUser()), { kind: 'create', makeHomeFirst: false, argv: ['useradd', '-N', '-M', '-r', 'alice'] })
})

test('user present, missing: a home whose parent is missing is made first', () => {
  const plan = planMain(user({ name: 'fred', home: '/opt/people/fred' }), noUser({ homeParentIsDir: false }))
  assert.equal(plan.kind === 'create' && plan.makeHomeFirst, true)
})

test('user present, matching: nothing to do, and the result says so with the current attributes', () => {
  const a = user({ name: 'alice', uid: 1040, comment: 'Alice A', shell: '/bin/bash', groups: ['adm', 'devs'] })
  const plan = planMain(a, facts())
  assert.deepEqual(plan, { kind: 'none' })
  assert.deepEqual(planFollowUp(a, facts()), {})
  assert.deepEqual(userResult(a, plan, undefined, facts(), { changed: false }, false), {
    name: 'alice', state: 'present', append: false, move_home: false, changed: false,
    uid: 1040, group: 1040, comment: 'Alice A', home: '/home/alice', shell: '/bin/bash', groups: 'adm,devs',
  })
})

test('user present, differing: usermod with only what differs; groups replaced, or appended with -a', () => {
  assert.deepEqual(planMain(user({ name: 'alice', shell: '/bin/sh', uid: 1040 }), facts()), { kind: 'modify', argv: ['usermod', '-s', '/bin/sh', 'alice'] })
  assert.deepEqual(planMain(user({ name: 'alice', groups: ['users'] }), facts()), { kind: 'modify', argv: ['usermod', '-G', 'users', 'alice'] })
  assert.deepEqual(planMain(user({ name: 'alice', groups: ['users'], append: true }), facts()), { kind: 'modify', argv: ['usermod', '-a', '-G', 'users', 'alice'] })
  assert.deepEqual(planMain(user({ name: 'alice', groups: ['adm'], append: true }), facts()), { kind: 'none' })
  assert.deepEqual(planMain(user({ name: 'alice', groups: [] }), facts()), { kind: 'modify', argv: ['usermod', '-G', '', 'alice'] })
  assert.deepEqual(planMain(user({ name: 'alice', group: '1500' }), facts()), { kind: 'modify', argv: ['usermod', '-g', '1500', 'alice'] })
  assert.deepEqual(planMain(user({ name: 'alice', home: '/srv/alice', move_home: true }), facts()), { kind: 'modify', argv: ['usermod', '-d', '/srv/alice', '-m', 'alice'] })
})

test('user password: set when the hash differs (always), never on_create; lock and unlock', () => {
  assert.deepEqual(planMain(user({ name: 'alice', password: '$6$s$h' }), facts()), { kind: 'none' })
  assert.deepEqual(planMain(user({ name: 'alice', password: '$6$s$other' }), facts()), { kind: 'modify', argv: ['usermod', '-p', '$6$s$other', 'alice'] })
  assert.deepEqual(planMain(user({ name: 'alice', password: '$6$s$other', update_password: 'on_create' }), facts()), { kind: 'none' })
  assert.deepEqual(planMain(user({ name: 'alice', password_lock: true }), facts()), { kind: 'modify', argv: ['usermod', '-L', 'alice'] })
  const locked = facts({ shadow: parseShadow('alice:!$6$s$h:19700:0:99999:7:::')! })
  assert.deepEqual(planMain(user({ name: 'alice', password_lock: true }), locked), { kind: 'none' })
  assert.deepEqual(planMain(user({ name: 'alice', password_lock: false }), locked), { kind: 'modify', argv: ['usermod', '-U', 'alice'] })
})

test('user expires: set as a UTC date, removed with a negative number, left when the day matches', () => {
  assert.deepEqual(planMain(user({ name: 'alice', expires: 1893456000 }), facts()), { kind: 'modify', argv: ['usermod', '-e', '2030-01-01', 'alice'] })
  const expiring = facts({ shadow: parseShadow('alice:x:19700:0:99999:7::21915:')! })
  assert.deepEqual(planMain(user({ name: 'alice', expires: 1893456000 }), expiring), { kind: 'none' })
  assert.deepEqual(planMain(user({ name: 'alice', expires: -1 }), expiring), { kind: 'modify', argv: ['usermod', '-e', '', 'alice'] })
})

test('user absent: userdel (-f, -r) when it exists, nothing when it does not; check mode reports bare changed', () => {
  const a = user({ name: 'alice', state: 'absent', remove: true, force: true })
  const plan = planMain(a, facts())
  assert.deepEqual(plan, { kind: 'remove', argv: ['userdel', '-f', '-r', 'alice'] })
  assert.deepEqual(userResult(a, plan, undefined, facts(), { changed: false }, true), { changed: true })
  assert.deepEqual(planMain(a, noUser()), { kind: 'none' })
  assert.deepEqual(userResult(a, { kind: 'none' }, undefined, noUser(), { changed: false }, false), { name: 'alice', state: 'absent', changed: false })
})

test('user: missing groups, names with a leading dash and local=true are refused before anything runs', () => {
  assert.deepEqual(planMain(user({ name: 'alice', group: 'nosuch' }), facts()), { kind: 'fail', msg: 'Group nosuch does not exist' })
  assert.deepEqual(planMain(user({ name: 'zed', groups: ['adm', 'nosuch'] }), noUser()), { kind: 'fail', msg: 'Group nosuch does not exist' })
  assert.deepEqual(planMain(user({ name: '-rf' }), noUser()), { kind: 'fail', msg: "invalid user name '-rf': a name cannot start with '-'" })
  assert.equal(planMain(user({ name: 'alice', local: true }), facts()).kind, 'fail')
})

test('user follow-up: a missing home is created; an ssh key is generated unless it exists', () => {
  assert.deepEqual(planFollowUp(user({ name: 'alice' }), facts({ currentHomeExists: false })), { createHome: '/home/alice' })
  assert.deepEqual(planFollowUp(user({ name: 'alice', create_home: false }), facts({ currentHomeExists: false })), {})
  const key = { path: '/home/alice/.ssh/id_rsa', dirExists: false, keyExists: false, pubExists: false, fingerprintRc: 1, fingerprintOut: '', fingerprintErr: '' }
  assert.deepEqual(planFollowUp(user({ name: 'alice', generate_ssh_key: true }), facts({ key })).keygen, {
    argv: ['ssh-keygen', '-t', 'rsa', '-C', 'ansible-generated on deb1', '-f', '/home/alice/.ssh/id_rsa', '-N', ''], input: '', removePub: false, makeDir: true,
  })
  const have = planFollowUp(user({ name: 'alice', generate_ssh_key: true }), facts({ key: { ...key, dirExists: true, keyExists: true, pubExists: true } }))
  assert.equal(have.keygen, undefined)
  assert.match(have.keySkipped!, /already exists/)
  assert.deepEqual(planFollowUp(user({ name: 'alice', password_expire_max: 90 }), facts()).chage, ['chage', '-M', '90', 'alice'])
})

test('user probe: every name and path is quoted data; facts parse from base64 sections', () => {
  const probe = userProbe(user({ name: "a'$(x)`y`", home: '/h/$(rm -rf /)', generate_ssh_key: true, ssh_key_file: '.ssh/`k`' }))
  assert.match(probe, /getent passwd -- 'a'\\''\$\(x\)`y`'/)
  assert.match(probe, /\[ -e '\/h\/\$\(rm -rf \/\)' \]/)
  assert.match(probe, /drover_key="\$\{drover_home%\/\}"\/'\.ssh\/`k`'/)
  const b64 = (s: string) => Buffer.from(s).toString('base64')
  const stdout = ['@@acct:passwd', b64('alice:x:1040:1040:Alice A:/home/alice:/bin/bash\n'), '@@acct:group', b64('adm:x:4:alice\n'), '@@acct:curhome', b64('y\n'), '@@acct:hostname', b64('deb1\n')].join('\n')
  const parsed = parseUserFacts(stdout, user({ name: 'alice' }))
  assert.deepEqual(parsed.user, ALICE)
  assert.deepEqual(parsed.groups, [{ name: 'adm', gid: 4, members: ['alice'] }])
  assert.equal(parsed.currentHomeExists, true)
  assert.equal(parsed.hostname, 'deb1')
})

test('group: groupadd (-g, -o, -r) when missing, groupmod -g when the gid differs, groupdel, or nothing', () => {
  const devs = GROUPS.find((g) => g.name === 'devs')
  assert.deepEqual(planGroup(group({ name: 'ops', gid: 1600, non_unique: true, system: true }), undefined), { kind: 'add', argv: ['groupadd', '-g', '1600', '-o', '-r', 'ops'] })
  assert.deepEqual(planGroup(group({ name: 'devs' }), devs), { kind: 'none' })
  assert.deepEqual(planGroup(group({ name: 'devs', gid: 1500 }), devs), { kind: 'none' })
  assert.deepEqual(planGroup(group({ name: 'devs', gid: 1600 }), devs), { kind: 'mod', argv: ['groupmod', '-g', '1600', 'devs'] })
  assert.deepEqual(planGroup(group({ name: 'devs', state: 'absent' }), devs), { kind: 'del', argv: ['groupdel', 'devs'] })
  assert.deepEqual(planGroup(group({ name: 'devs', state: 'absent' }), undefined), { kind: 'none' })
  assert.equal(planGroup(group({ name: '--help' }), undefined).kind, 'fail')
  assert.equal(planGroup(group({ name: 'x', non_unique: true }), undefined).kind, 'fail')
  assert.deepEqual(groupResult(group({ name: 'devs', gid: 1600 }), { kind: 'mod', argv: [] }, undefined, devs), { name: 'devs', state: 'present', changed: true, system: false, gid: 1500 })
})
