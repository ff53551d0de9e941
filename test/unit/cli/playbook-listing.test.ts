import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { formatPlaybookListing, formatSyntaxCheck, type ListingOptions } from '../../../src/cli/playbook-listing.js'
import { corpus, loadFile } from '../playbook/helpers.js'

/** Just enough of the INI inventory beside the fixtures to answer `a:b`, `a,b`, groups and `all`. */
function selector(): (pattern: string) => string[] {
  const groups = new Map<string, string[]>()
  let group = 'ungrouped'
  for (const line of readFileSync(corpus('listing', 'hosts.ini'), 'utf8').split('\n')) {
    const header = /^\[(.+)\]$/.exec(line.trim())
    if (header) group = header[1]!
    else if (line.trim()) groups.set(group, [...(groups.get(group) ?? []), line.trim()])
  }
  const all = [...groups.values()].flat()
  return (pattern) => {
    const hosts = pattern.split(/[:,]/).flatMap((p) => (p === 'all' ? all : (groups.get(p) ?? all.filter((h) => h === p))))
    return [...new Set(hosts)]
  }
}

/** Ansible prints each play's hosts from a Python set (random order): compare them sorted. */
function sortHostLines(text: string): string {
  return text.replace(/(hosts \(\d+\):\n)((?: {6}\S.*\n)*)/g, (_, head: string, lines: string) => head + lines.split('\n').filter(Boolean).sort().map((l) => l + '\n').join(''))
}

const MODES: Record<string, ListingOptions> = {
  'list-tasks': { listTasks: true },
  'list-tags': { listTags: true },
  'list-hosts': { listHosts: true },
  'list-tasks-selected': { listTasks: true, runTags: ['always', 't1', 'b'], skipTags: ['imp'] },
}

for (const playbook of ['site', 'duplicates', 'names', 'patterns', 'imports']) {
  test(`listings of ${playbook}.yml match ansible-playbook 2.14`, () => {
    const plays = loadFile(corpus('listing', `${playbook}.yml`))
    for (const [mode, options] of Object.entries(MODES)) {
      const expected = readFileSync(corpus('listing', 'expected', `${playbook}.${mode}.txt`), 'utf8')
      const actual = formatPlaybookListing(`${playbook}.yml`, plays, options, selector())
      assert.equal(sortHostLines(actual), sortHostLines(expected), `${playbook} --${mode}`)
    }
    assert.equal(formatSyntaxCheck(`${playbook}.yml`), readFileSync(corpus('listing', 'expected', `${playbook}.syntax-check.txt`), 'utf8'))
  })
}
