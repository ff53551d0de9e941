/**
 * Records ansible-playbook 2.14's --list-hosts / --list-tasks / --list-tags output (and exit code)
 * for every corpus case and every playbook in playbooks/:
 * `npx tsc -p tsconfig.json && node dist/test/playbooks/record-listing.js [playbook.yml ...]`.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { LISTING_INVENTORY, LISTING_MODES, LISTING_SETS, listingFile, listingPlaybooks, type ListingRecord } from './listing-modes.js'

const wanted = process.argv.slice(2)
for (const set of LISTING_SETS) {
  for (const playbook of listingPlaybooks(set.dir).filter((p) => wanted.length === 0 || wanted.includes(p))) {
    for (const [mode, flags] of Object.entries(LISTING_MODES)) {
      const run = spawnSync('ansible-playbook', ['-i', LISTING_INVENTORY, ...flags, playbook], {
        cwd: set.dir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', ANSIBLE_NOCOLOR: '1', PYTHONHASHSEED: '0' },
        encoding: 'utf8',
      })
      const file = listingFile(set.name, playbook, mode)
      mkdirSync(dirname(file), { recursive: true })
      const record: ListingRecord = { exit: run.status ?? -1, stdout: run.stdout }
      writeFileSync(file, JSON.stringify(record, null, 2) + '\n')
      console.log(`${set.name}/${playbook} ${mode}: exit ${record.exit}`)
    }
  }
}
