/** user and group end to end on disposable Debian hosts: check mode changes nothing, a second run changes nothing, hostile values are data. */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { debianHostsSkip, startDebianHosts, type DebianHosts } from '../harness/debian/index.js'
import { runDrover } from './run-drover.js'

const HOSTILE_COMMENT = `O'Brien "the $(touch /tmp/pwned-dollar)" \`touch /tmp/pwned-tick\` ; rm -rf / #`

const PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - group: { name: devs, gid: 1500 }
    - user:
        name: alice
        uid: 1040
        groups: [devs, adm]
        shell: /bin/bash
        comment: ${JSON.stringify(HOSTILE_COMMENT)}
        password: "$6$saltsalt$fgbnM0j0o1yB5fa5AK1PG.6vkAOR6FkNJ5qa8dP0d3uj8ivgdYjoVsxkxcrdCoGhzx4g2rKc3/9xl4bJ7JL5E/"
        generate_ssh_key: true
        ssh_key_type: ed25519
    - user: { name: svc, system: true, create_home: false, shell: /usr/sbin/nologin }
    - user: { name: olduser, state: absent, remove: true }
`

function recap(stdout: string, host: string): Record<string, number> {
  const line = new RegExp(`^${host}\\s+:(.*)$`, 'm').exec(stdout)?.[1] ?? ''
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]))
}

describe('user and group on Debian hosts', { skip: debianHostsSkip() }, () => {
  let d: DebianHosts
  let playbook: string
  const state = async (host: string) => (await d.exec(host, 'getent passwd alice svc olduser; getent group devs adm; getent shadow alice | cut -d: -f2; ls -A /home; ls /tmp')).stdout

  before(async () => {
    d = await startDebianHosts({ hosts: 2 })
    // devs exists with another gid: in check mode the user task can then find it (as under Ansible, a group
    // only "created" by an earlier check-mode task does not exist for the next one).
    for (const h of d.hosts) assert.equal((await d.exec(h.name, 'useradd -m olduser && groupadd -g 1499 devs')).code, 0)
    playbook = join(d.dir, 'accounts.yml')
    writeFileSync(playbook, PLAYBOOK)
  })
  after(async () => {
    await d?.stop()
  })

  test('--check --diff reports every change and changes nothing on the host', async () => {
    const before = await state('deb1')
    const run = await runDrover(['playbook', '--check', '--diff', '-i', d.writeInventory(), playbook], { env: d.env() })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.deepEqual(recap(run.stdout, 'deb1'), { ok: 4, changed: 4, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 })
    // Like Ansible's, these modules return no diff.
    assert.doesNotMatch(run.stdout, /^[-+]{3} /m)
    assert.equal(await state('deb1'), before)
    assert.match(before, /^olduser:/m)
  })

  test('a run applies everything; the second run changes nothing', async () => {
    const first = await runDrover(['playbook', '-i', d.writeInventory(), playbook], { env: d.env() })
    assert.equal(first.code, 0, first.stdout + first.stderr)
    for (const h of d.hosts) assert.equal(recap(first.stdout, h.name).changed, 4, first.stdout)
    const end = await state('deb2')
    assert.match(end, new RegExp(`^alice:x:1040:1040:${HOSTILE_COMMENT.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&')}:/home/alice:/bin/bash$`, 'm'))
    assert.match(end, /^svc:x:\d{3}:\d+::\/home\/svc:\/usr\/sbin\/nologin$/m)
    assert.doesNotMatch(end, /^olduser:/m)
    assert.match(end, /^devs:x:1500:alice$/m)
    assert.match(end, /^adm:x:4:alice$/m)
    assert.match(end, /^\$6\$saltsalt\$fgbnM0j0/m)
    assert.equal((await d.exec('deb2', 'ls /tmp')).stdout, '', 'nothing in the comment ran')
    const key = await d.exec('deb2', 'stat -c "%U %a" /home/alice/.ssh /home/alice/.ssh/id_ed25519 /home/alice/.ssh/id_ed25519.pub; ls /home')
    assert.equal(key.stdout, 'alice 700\nalice 600\nalice 644\nalice\ndeploy\n')
    const second = await runDrover(['playbook', '-i', d.writeInventory(), playbook], { env: d.env() })
    assert.equal(second.code, 0, second.stdout + second.stderr)
    for (const h of d.hosts) assert.deepEqual(recap(second.stdout, h.name), { ok: 4, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 })
    assert.equal(await state('deb2'), end)
  })

  test('as deploy with become: usermod runs through sudo', async () => {
    const pb = join(d.dir, 'become.yml')
    writeFileSync(pb, '- hosts: deb1\n  gather_facts: false\n  become: true\n  tasks:\n    - user: { name: alice, shell: /bin/sh }\n')
    const run = await runDrover(['playbook', '-i', d.writeInventory({ user: 'deploy', file: 'deploy.ini' }), pb], { env: d.env() })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal(recap(run.stdout, 'deb1').changed, 1)
    assert.match((await d.exec('deb1', 'getent passwd alice')).stdout, /:\/bin\/sh$/m)
  })

  test('a user or group name with a leading dash is refused clearly and nothing runs', async () => {
    const before = await state('deb1')
    const pb = join(d.dir, 'dash.yml')
    writeFileSync(pb, '- hosts: deb1\n  gather_facts: false\n  tasks:\n    - user: { name: "-o" }\n      ignore_errors: true\n    - group: { name: "--help" }\n      ignore_errors: true\n')
    const run = await runDrover(['playbook', '-i', d.writeInventory(), pb], { env: d.env() })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.match(run.stdout, /invalid user name '-o': a name cannot start with '-'/)
    assert.match(run.stdout, /invalid group name '--help': a name cannot start with '-'/)
    assert.deepEqual(recap(run.stdout, 'deb1'), { ok: 2, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 2 })
    assert.equal(await state('deb1'), before)
  })

  test('a comment with a newline is refused by usermod, as under Ansible, and changes nothing', async () => {
    const before = await state('deb1')
    const run = await runDrover(['run', 'deb1', '-i', d.writeInventory(), '-m', 'user', '-a', '{"name": "alice", "comment": "one\\ntwo $(touch /tmp/pwned-nl)"}'], { env: d.env() })
    assert.equal(run.code, 2, run.stdout + run.stderr)
    assert.match(run.stdout, /usermod: invalid field/)
    assert.equal(await state('deb1'), before)
    assert.equal((await d.exec('deb1', 'ls /tmp')).stdout, '')
  })

  test('a home and key path with spaces, quotes, $(…) and backticks are data', async () => {
    const home = `/srv/we ird 'q' "$(touch /tmp/pwned-home)" \`touch /tmp/pwned-tick\``
    const pb = join(d.dir, 'home.yml')
    writeFileSync(pb, `- hosts: deb1\n  gather_facts: false\n  tasks:\n    - user: { name: zed, home: ${JSON.stringify(home)}, generate_ssh_key: true, ssh_key_file: ".ssh/my key $(id)", ssh_key_type: ed25519 }\n`)
    for (const [pass, changed] of [[1, 1], [2, 0]] as const) {
      const run = await runDrover(['playbook', '-i', d.writeInventory(), pb], { env: d.env() })
      assert.equal(run.code, 0, run.stdout + run.stderr)
      assert.equal(recap(run.stdout, 'deb1').changed, changed, `run ${pass}: ${run.stdout}`)
    }
    const q = `'${home.replaceAll("'", `'\\''`)}'`
    const seen = await d.exec('deb1', `getent passwd zed | cut -d: -f6; stat -c '%U %a' ${q} ${q}/.ssh/'my key $(id)' ${q}/.ssh/'my key $(id).pub'; ls /tmp`)
    assert.equal(seen.stdout, `${home}\nzed 755\nzed 600\nzed 644\n`)
  })
})
