/**
 * Acceptance 2 of issue 5: `drover playbook --list-hosts|--list-tasks|--list-tags` prints what
 * ansible-playbook 2.14 printed (record-listing.ts) for every corpus case and every playbook in
 * playbooks/, with the same exit code.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { test } from 'node:test'
import { runDrover } from '../e2e/run-drover.js'
import { LISTING_INVENTORY, LISTING_MODES, LISTING_SETS, listingFile, listingPlaybooks, normalizeListing, type ListingRecord } from './listing-modes.js'

const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', NO_COLOR: '1' }

for (const set of LISTING_SETS) {
  for (const playbook of listingPlaybooks(set.dir)) {
    test(`listings match ansible-playbook 2.14: ${set.name}/${playbook}`, async () => {
      for (const [mode, flags] of Object.entries(LISTING_MODES)) {
        const file = listingFile(set.name, playbook, mode)
        assert.ok(existsSync(file), `no recording for ${set.name}/${playbook} ${mode}: run record-listing.js`)
        const expected = JSON.parse(readFileSync(file, 'utf8')) as ListingRecord
        const run = await runDrover(['playbook', '-i', LISTING_INVENTORY, ...flags, playbook], { env, cwd: set.dir })
        assert.equal(normalizeListing(run.stdout), normalizeListing(expected.stdout), `${mode}\nstderr:\n${run.stderr}`)
        assert.equal(run.code, expected.exit, `${mode} exit code\nstderr:\n${run.stderr}`)
      }
    })
  }
}
