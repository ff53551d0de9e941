/** user and group scenarios for the host differential (host-scenario.ts). Re-record with record-host.ts after changing them. */
import type { HostScenario } from './host-scenario.js'
import { CRON_HOST_SCENARIOS } from './scenarios-cron-host.js'

const HOSTILE = `He said "hi" & 'bye' $(touch /tmp/pwned) \`touch /tmp/pwned2\` ;|<>*`

export const ACCOUNT_SCENARIOS: HostScenario[] = [
  {
    name: 'group: create, again, change gid, check mode, system, absent',
    tasks: [
      { module: 'group', args: { name: 'devs' } },
      { module: 'group', args: { name: 'devs' } },
      { module: 'group', args: { name: 'devs', gid: 1600 } },
      { module: 'group', args: { name: 'devs', gid: 1700 }, check: true },
      { module: 'group', args: { name: 'ops' }, check: true },
      { module: 'group', args: { name: 'svc', system: true } },
      { module: 'group', args: { name: 'dup', gid: 1600 } },
      { module: 'group', args: { name: 'dup', gid: 1600, non_unique: true } },
      { module: 'group', args: { name: 'devs', state: 'absent' }, check: true },
      { module: 'group', args: { name: 'devs', state: 'absent' } },
      { module: 'group', args: { name: 'devs', state: 'absent' } },
    ],
    state: { groups: ['devs', 'ops', 'svc', 'dup'] },
  },
  {
    name: 'user: create with uid, comment, shell, groups; again; check-mode change',
    tasks: [
      { module: 'user', args: { name: 'alice', uid: 1040, comment: 'Alice A', shell: '/bin/bash', groups: ['adm', 'users'] } },
      { module: 'user', args: { name: 'alice', uid: 1040, comment: 'Alice A', shell: '/bin/bash', groups: ['adm', 'users'] } },
      { module: 'user', args: { name: 'alice', shell: '/bin/sh', uid: 1041 }, check: true },
      { module: 'user', args: { name: 'alice' } },
    ],
    state: { users: ['alice'], groups: ['alice', 'adm', 'users'], paths: ['/home/alice'] },
  },
  {
    name: 'user: groups replaced, appended, emptied; primary group',
    setup: 'groupadd g1 && groupadd g2 && groupadd g3 && groupadd -g 2345 staff2',
    tasks: [
      { module: 'user', args: { name: 'bob', groups: ['g1'] } },
      { module: 'user', args: { name: 'bob', groups: ['g2'], append: true } },
      { module: 'user', args: { name: 'bob', groups: ['g2', 'g1'], append: true } },
      { module: 'user', args: { name: 'bob', groups: 'g3,g1' } },
      { module: 'user', args: { name: 'bob', groups: [] } },
      { module: 'user', args: { name: 'bob', groups: [] } },
      { module: 'user', args: { name: 'bob', group: 'staff2' } },
      { module: 'user', args: { name: 'bob', group: '2345' } },
      { module: 'user', args: { name: 'bob', group: 'nosuch' } },
      { module: 'user', args: { name: 'gina', groups: ['g1', 'nosuch'] } },
    ],
    state: { users: ['bob', 'gina'], groups: ['g1', 'g2', 'g3', 'staff2', 'bob'] },
  },
  {
    name: 'user: password hash, update_password, lock and unlock',
    tasks: [
      { module: 'user', args: { name: 'carol', password: '$6$saltsalt$fgbnM0j0o1yB5fa5AK1PG.6vkAOR6FkNJ5qa8dP0d3uj8ivgdYjoVsxkxcrdCoGhzx4g2rKc3/9xl4bJ7JL5E/' } },
      { module: 'user', args: { name: 'carol', password: '$6$saltsalt$fgbnM0j0o1yB5fa5AK1PG.6vkAOR6FkNJ5qa8dP0d3uj8ivgdYjoVsxkxcrdCoGhzx4g2rKc3/9xl4bJ7JL5E/' } },
      { module: 'user', args: { name: 'carol', password: '$6$othersal$Zk0PmYQ1gYt5E5c5V2oRe3H4i3vQxGqH8ZsH4E2uEJt3oE5oRZlqB3lQeJ5sGv1G7o0m8xk3pTqzUo0vjXb8s.', update_password: 'on_create' } },
      { module: 'user', args: { name: 'carol', password_lock: true } },
      { module: 'user', args: { name: 'carol', password_lock: true } },
      { module: 'user', args: { name: 'carol', password_lock: false } },
      { module: 'user', args: { name: 'carol', password_expire_max: 90, password_expire_min: 1 } },
      { module: 'user', args: { name: 'carol', password_expire_max: 90, password_expire_min: 1 } },
    ],
    state: { users: ['carol'] },
  },
  {
    name: 'user: home moved, not created, created when missing; system user',
    tasks: [
      { module: 'user', args: { name: 'dave' } },
      { module: 'user', args: { name: 'dave', home: '/srv/dave', move_home: true } },
      { module: 'user', args: { name: 'erin', create_home: false } },
      { module: 'user', args: { name: 'erin' } },
      { module: 'user', args: { name: 'fred', home: '/opt/people/fred' } },
      { module: 'user', args: { name: 'svc', system: true, create_home: false, shell: '/usr/sbin/nologin' } },
    ],
    state: { users: ['dave', 'erin', 'fred', 'svc'], paths: ['/home/dave', '/srv/dave', '/home/erin', '/opt/people/fred', '/home/svc'] },
  },
  {
    name: 'user: ssh key generated, kept, check mode; expiry',
    tasks: [
      { module: 'user', args: { name: 'henry', generate_ssh_key: true, ssh_key_type: 'ed25519' }, check: true },
      { module: 'user', args: { name: 'henry', generate_ssh_key: true, ssh_key_type: 'ed25519' } },
      { module: 'user', args: { name: 'henry', generate_ssh_key: true, ssh_key_type: 'ed25519' } },
      { module: 'user', args: { name: 'henry', generate_ssh_key: true, ssh_key_type: 'ed25519', ssh_key_file: '.ssh/other', ssh_key_comment: 'k2' }, check: true },
      { module: 'user', args: { name: 'kim', expires: 1893456000 } },
      { module: 'user', args: { name: 'kim', expires: 1893456000 } },
      { module: 'user', args: { name: 'kim', expires: -1 } },
    ],
    state: { users: ['henry', 'kim'], paths: ['/home/henry/.ssh', '/home/henry/.ssh/id_ed25519', '/home/henry/.ssh/id_ed25519.pub', '/home/henry/.ssh/other'] },
  },
  {
    name: 'user: absent, remove, check mode; a group named like the user',
    setup: 'useradd -m ivan && groupadd leo',
    tasks: [
      { module: 'user', args: { name: 'ivan', state: 'absent', remove: true }, check: true },
      { module: 'user', args: { name: 'ivan', state: 'absent', remove: true } },
      { module: 'user', args: { name: 'ivan', state: 'absent' } },
      { module: 'user', args: { name: 'judy' }, check: true },
      { module: 'user', args: { name: 'leo' } },
    ],
    state: { users: ['ivan', 'judy', 'leo'], groups: ['ivan', 'leo'], paths: ['/home/ivan', '/home/leo'] },
  },
  {
    name: 'user: a comment with quotes, $(…), backticks is data; a newline is refused',
    tasks: [
      { module: 'user', args: { name: 'mallory', comment: HOSTILE } },
      { module: 'user', args: { name: 'mallory', comment: HOSTILE } },
      { module: 'user', args: { name: 'mallory', comment: 'line one\nline two' } },
      { module: 'user', args: { name: 'mallory', shell: '/bin/sh -c "$(id)"' } },
    ],
    state: { users: ['mallory'], paths: ['/tmp/pwned', '/tmp/pwned2'] },
  },
  ...CRON_HOST_SCENARIOS,
]
