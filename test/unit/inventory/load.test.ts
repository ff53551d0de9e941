import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { InventoryError, OptionsError, VaultError } from '../../../src/errors.js'
import {
  adhocHosts,
  checkPlaybookLimit,
  loadInventory,
  NoHostsError,
  renderInventoryGraph,
  renderInventoryHost,
  renderInventoryList,
} from '../../../src/inventory/index.js'

/**
 * Loader behaviour beyond the recorded parity cases: bad input (messages checked against what
 * ansible-core 2.14 printed for the same files), vault hooks, scripts, implicit localhost and the
 * dynamic add_host/group_by entry points.
 */
const root = mkdtempSync(join(tmpdir(), 'drover-inv-test-'))
after(() => rmSync(root, { recursive: true, force: true }))

let n = 0
function files(spec: Record<string, string>): string {
  const dir = join(root, `case${n++}`)
  for (const [path, text] of Object.entries(spec)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

async function loadWarn(sources: string[], opts: Parameters<typeof loadInventory>[1] = {}) {
  const warnings: string[] = []
  const inv = await loadInventory(sources, { ...opts, warn: (m) => warnings.push(m) })
  return { inv, warnings }
}

describe('sources that cannot be read', () => {
  it('a missing source is a warning and leaves only the implicit localhost', async () => {
    const dir = files({})
    const missing = join(dir, 'nope')
    const { inv, warnings } = await loadWarn([missing])
    assert.deepEqual(warnings, [
      `Unable to parse ${missing} as an inventory source`,
      'No inventory was parsed, only implicit localhost is available',
    ])
    assert.deepEqual(inv.hostNames(), [])
    assert.deepEqual(inv.selectHosts('all'), [])
    assert.deepEqual(inv.selectHosts('localhost'), ['localhost'])
    assert.equal(inv.hostVars('localhost').ansible_connection, 'local')
  })

  it('the default /etc/ansible/hosts, when missing, is skipped without a word about it (as Ansible)', { skip: existsSync('/etc/ansible/hosts') && 'this machine has /etc/ansible/hosts' }, async () => {
    const { warnings } = await loadWarn(['/etc/ansible/hosts'], { anyUnparsedIsFailed: true })
    assert.deepEqual(warnings, ['No inventory was parsed, only implicit localhost is available'])
  })

  it('a malformed INI line is reported with file and line, as a warning by default', async () => {
    const dir = files({ hosts: '[web]\nh1 foo\n' })
    const file = join(dir, 'hosts')
    const { warnings } = await loadWarn([file])
    assert.ok(
      warnings.includes(` * Failed to parse ${file} with ini plugin: ${file}:2: Expected key=value host variable assignment, got: foo`),
      warnings.join('\n'),
    )
    assert.ok(warnings.includes(`Unable to parse ${file} as an inventory source`))
  })

  it('anyUnparsedIsFailed turns the failure into an InventoryError carrying file and line', async () => {
    const dir = files({ hosts: '[web]\nok1\n[web:vars]\nbroken\n' })
    await assert.rejects(loadInventory([join(dir, 'hosts')], { anyUnparsedIsFailed: true }), (e: unknown) => {
      assert.ok(e instanceof InventoryError)
      assert.equal(e.message, 'Expected key=value, got: broken')
      assert.equal(e.file, join(dir, 'hosts'))
      assert.equal(e.line, 4)
      return true
    })
  })

  it('unparsedIsFailed throws when nothing parsed at all', async () => {
    await assert.rejects(loadInventory([join(root, 'absent')], { unparsedIsFailed: true }), InventoryError)
  })
})

describe('INI errors name the line (messages as ansible 2.14 prints them)', () => {
  const cases: Array<[string, string, number, string]> = [
    ['unclosed section', '[web\nh1\n', 1, 'not enough values to unpack (expected 3, got 2)'],
    ['bad range', '[web]\nh[1:x]\n', 2, "invalid literal for int() with base 10: 'x'"],
    ['unknown section type', '[web:hostz]\n', 1, 'Section [web:hostz] has unknown type: hostz'],
    ['space in section', '[web servers]\n', 1, "Invalid section entry: '[web servers]'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters"],
    ['undefined child', '[p:children]\nc1\n[other]\nh\n', 2, 'Section [p:children] includes undefined group: c1'],
    ['vars for undefined group', '[ghost:vars]\na=1\n', 1, 'Section [ghost:vars] not valid for undefined group: ghost'],
    ['port without number', '[c]\nh3:\n', 2, "Invalid host pattern 'h3:' supplied, ending in ':' is not allowed, this character is reserved to provide a port."],
    ['unterminated quote', '[c]\nh a="x\n', 2, `Error parsing host definition 'h a="x': No closing quotation`],
    ['group loop', '[a:children]\nb\n[b:children]\na\n', 4, "Adding group 'a' as child to 'b' creates a recursive dependency loop."],
    ['yaml in an ini file', '---\n', 1, "Invalid host pattern '---' supplied, '---' is normally a sign this is a YAML file."],
  ]
  for (const [name, text, line, message] of cases) {
    it(name, async () => {
      const dir = files({ 'inv.ini': text })
      const file = join(dir, 'inv.ini')
      await assert.rejects(loadInventory([file], { anyUnparsedIsFailed: true }), (e: unknown) => {
        assert.ok(e instanceof InventoryError, String(e))
        assert.equal(e.message, message)
        assert.equal(e.file, file)
        assert.equal(e.line, line)
        return true
      })
    })
  }

  it('a group that is also a host gives ansible\'s warning', async () => {
    const dir = files({ 'inv.ini': '[web]\nweb\n' })
    const { warnings } = await loadWarn([join(dir, 'inv.ini')])
    assert.deepEqual(warnings, ['Found both group and host with same name: web'])
  })
})

describe('YAML inventories of the wrong shape (messages as ansible 2.14 prints them)', () => {
  it('a top-level list', async () => {
    const dir = files({ 'list.yml': '- a\n- b\n' })
    const file = join(dir, 'list.yml')
    const { warnings } = await loadWarn([file])
    assert.deepEqual(warnings.slice(0, 3), [
      ` * Failed to parse ${file} with auto plugin: no root 'plugin' key found, '${file}' is not a valid YAML inventory plugin config file`,
      ` * Failed to parse ${file} with yaml plugin: ${file}: YAML inventory has invalid structure, it should be a dictionary, got: <class 'ansible.parsing.yaml.objects.AnsibleSequence'>`,
      ` * Failed to parse ${file} with ini plugin: ${file}:1: Expected key=value host variable assignment, got: a`,
    ])
  })

  it('hosts given as a list', async () => {
    const dir = files({ 'h.yml': 'all:\n  children:\n    web:\n      hosts: [a, b]\n' })
    const { warnings } = await loadWarn([join(dir, 'h.yml')])
    assert.ok(
      warnings.some((w) => w.endsWith(`Invalid "hosts" entry for "web" group, requires a dictionary, found "<class 'ansible.parsing.yaml.objects.AnsibleSequence'>" instead.`)),
      warnings.join('\n'),
    )
  })

  it('unexpected keys are skipped with warnings and the rest is used', async () => {
    const dir = files({ 'u.yml': 'all:\n  children:\n    web:\n      hosts: {a: }\n      extra: {x: 1}\n      other: 5\n' })
    const { inv, warnings } = await loadWarn([join(dir, 'u.yml')])
    assert.deepEqual(warnings, [
      'Skipping unexpected key (extra) in group (web), only "vars", "children" and "hosts" are valid',
      "Skipping key (other) in group (web) as it is not a mapping, it is a <class 'int'>",
    ])
    assert.deepEqual(inv.selectHosts('web'), ['a'])
  })

  it('a plugin configuration file is not a YAML inventory', async () => {
    const dir = files({ 'aws.yml': 'plugin: aws_ec2\n' })
    const file = join(dir, 'aws.yml')
    const { warnings } = await loadWarn([file])
    assert.ok(warnings.includes(` * Failed to parse ${file} with yaml plugin: ${file}: Plugin configuration YAML file, not YAML inventory`))
  })
})

describe('vault', () => {
  it('vault-encrypted group_vars files go through the decrypt hook', async () => {
    const dir = files({ hosts: '[web]\nw1\n', 'group_vars/web.yml': '$ANSIBLE_VAULT;1.1;AES256\nCIPHER\n' })
    const calls: string[] = []
    const inv = await loadInventory([join(dir, 'hosts')], {
      decrypt: (text, file) => {
        calls.push(file)
        assert.ok(text.startsWith('$ANSIBLE_VAULT;'))
        return 'secret: s3cr3t\n'
      },
    })
    assert.equal(inv.hostVars('w1').secret, 's3cr3t')
    assert.deepEqual(calls, [join(dir, 'group_vars/web.yml')])
  })

  it('a vault-encrypted INI inventory is decrypted before parsing', async () => {
    const dir = files({ hosts: '$ANSIBLE_VAULT;1.1;AES256\nCIPHER\n' })
    const inv = await loadInventory([join(dir, 'hosts')], { decrypt: () => '[db]\nd1 port=5432\n' })
    assert.deepEqual(inv.selectHosts('db'), ['d1'])
    assert.equal(inv.hostVars('d1').port, 5432)
  })

  it('without a decrypt hook an encrypted vars file is a VaultError', async () => {
    const dir = files({ hosts: 'w1\n', 'host_vars/w1.yml': '$ANSIBLE_VAULT;1.1;AES256\nCIPHER\n' })
    const inv = await loadInventory([join(dir, 'hosts')])
    assert.throws(() => inv.hostVars('w1'), VaultError)
  })

  it('!vault values are kept as { __vault__ } and listed as __ansible_vault', async () => {
    const dir = files({
      hosts: 'w1\n',
      'group_vars/all.yml': 'pw: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\nplain: x\n',
    })
    const inv = await loadInventory([join(dir, 'hosts')])
    assert.deepEqual(inv.hostVars('w1').pw, { __vault__: '$ANSIBLE_VAULT;1.1;AES256\n6162\n' })
    const listed = JSON.parse(renderInventoryList(inv)) as { _meta: { hostvars: Record<string, Record<string, unknown>> } }
    assert.deepEqual(listed._meta.hostvars.w1.pw, { __ansible_vault: '$ANSIBLE_VAULT;1.1;AES256\n6162\n' })
  })
})

describe('inventory scripts', () => {
  it('an executable source is run with --list and its _meta.hostvars used', async () => {
    const dir = files({
      'inv.sh': '#!/bin/sh\nif [ "$1" = "--list" ]; then echo \'{"web": {"hosts": ["s1", "s2"], "vars": {"g": 1}}, "db": ["d1"], "_meta": {"hostvars": {"s1": {"h": 2}}}}\'; fi\n',
    })
    const script = join(dir, 'inv.sh')
    chmodSync(script, 0o755)
    const inv = await loadInventory([script])
    assert.deepEqual(inv.selectHosts('all'), ['s1', 's2', 'd1'])
    assert.equal(inv.hostVars('s1').h, 2)
    assert.equal(inv.hostVars('s2').g, 1)
  })

  it('without _meta each host is asked for with --host', async () => {
    const dir = files({
      'inv.sh': '#!/bin/sh\ncase "$1" in --list) echo \'{"g": {"hosts": ["x1"]}}\';; --host) echo "{\\"asked\\": \\"$2\\"}";; esac\n',
    })
    const script = join(dir, 'inv.sh')
    chmodSync(script, 0o755)
    const inv = await loadInventory([script])
    assert.equal(inv.hostVars('x1').asked, 'x1')
  })

  it('a failing script is reported', async () => {
    const dir = files({ 'bad.sh': '#!/bin/sh\necho boom >&2\nexit 3\n' })
    const script = join(dir, 'bad.sh')
    chmodSync(script, 0o755)
    const { warnings } = await loadWarn([script])
    assert.ok(warnings.includes(` * Failed to parse ${script} with script plugin: Inventory script (${script}) had an execution error: boom\n `), warnings.join('|'))
  })
})

describe('magic variables and the implicit localhost', () => {
  it('hostVars carries the inventory magic variables', async () => {
    const dir = files({ hosts: '10.0.0.1\n[web]\nweb1.example.com\n[prod:children]\nweb\n' })
    const file = join(dir, 'hosts')
    const inv = await loadInventory([file])
    const v = inv.hostVars('web1.example.com')
    assert.equal(v.inventory_hostname, 'web1.example.com')
    assert.equal(v.inventory_hostname_short, 'web1')
    assert.deepEqual(v.group_names, ['prod', 'web'])
    assert.equal(v.inventory_file, file)
    assert.equal(v.inventory_dir, dir)
    assert.deepEqual(v.groups, { all: ['10.0.0.1', 'web1.example.com'], ungrouped: ['10.0.0.1'], web: ['web1.example.com'], prod: ['web1.example.com'] })
    assert.equal(inv.hostVars('10.0.0.1').inventory_hostname_short, '10.0.0.1')
    assert.deepEqual(inv.hostVars('10.0.0.1').group_names, ['ungrouped'])
  })

  it('the implicit localhost is not in all and gets all-group vars', async () => {
    const dir = files({ hosts: 'h1\n[all:vars]\nx=1\n', 'group_vars/all.yml': 'y: 2\n' })
    const inv = await loadInventory([join(dir, 'hosts')])
    assert.deepEqual(inv.selectHosts('all'), ['h1'])
    assert.deepEqual(inv.selectHosts('all:localhost'), ['h1', 'localhost'])
    assert.equal(inv.hasHost('localhost'), false)
    const v = inv.hostVars('localhost')
    assert.equal(v.x, 1)
    assert.equal(v.y, 2)
    assert.deepEqual(v.group_names, [])
    assert.equal(v.inventory_file, undefined)
  })

  it('a comma-separated host list has no inventory_dir', async () => {
    const inv = await loadInventory(['a,b:2200'])
    assert.deepEqual(inv.hostNames(), ['a', 'b'])
    assert.equal(inv.hostVars('b').ansible_port, 2200)
    assert.equal(inv.hostVars('a').inventory_file, 'a,b:2200')
    assert.equal(inv.hostVars('a').inventory_dir, null)
  })
})

describe('host selection for runs', () => {
  it('a --limit that leaves no hosts is NoHostsError (exit 1); a pattern that matches none only warns', async () => {
    const dir = files({ hosts: '[web]\nw1\n' })
    const { inv, warnings } = await loadWarn([join(dir, 'hosts')])
    assert.throws(() => checkPlaybookLimit(inv, 'nomatch'), NoHostsError)
    assert.deepEqual(adhocHosts(inv, 'nomatch'), [])
    assert.deepEqual(warnings, ['Could not match supplied host pattern, ignoring: nomatch', 'No hosts matched, nothing to do'])
  })

  it('a missing @limit file is an error', async () => {
    const dir = files({ hosts: 'w1\n' })
    const inv = await loadInventory([join(dir, 'hosts')])
    assert.throws(() => inv.selectHosts('all', `@${join(dir, 'nofile')}`), /Unable to find limit file/)
  })

  it('an empty inventory warns that only localhost is available', async () => {
    const { inv, warnings } = await loadWarn([join(root, 'absent2')])
    assert.deepEqual(adhocHosts(inv, 'all'), [])
    assert.ok(warnings.includes("provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'"))
  })
})

describe('report errors', () => {
  it('--host must match exactly one host; --graph needs a group', async () => {
    const dir = files({ hosts: '[web]\nw1\nw2\n' })
    const inv = await loadInventory([join(dir, 'hosts')])
    assert.throws(() => renderInventoryHost(inv, 'web'), OptionsError)
    assert.throws(() => renderInventoryHost(inv, 'zzz'), OptionsError)
    assert.throws(() => renderInventoryGraph(inv, 'w1'), OptionsError)
  })
})

describe('dynamic changes (add_host, group_by)', () => {
  it('addHost and addHostToGroup update patterns, groups and vars', async () => {
    const dir = files({ hosts: '[web]\nw1\n' })
    const inv = await loadInventory([join(dir, 'hosts')])
    inv.addHost('new1', ['fresh'], { color: 'red' })
    assert.deepEqual(inv.selectHosts('fresh'), ['new1'])
    assert.equal(inv.hostVars('new1').color, 'red')
    inv.addHostToGroup('w1', 'os_linux', ['linux'])
    assert.deepEqual(inv.selectHosts('linux'), ['w1'])
    assert.deepEqual(inv.hostVars('w1').group_names, ['linux', 'os_linux', 'web'])
    assert.deepEqual(inv.groupsMap().os_linux, ['w1'])
    assert.deepEqual(inv.groupsMap().ungrouped, [])
  })
})
