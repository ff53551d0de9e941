/**
 * The listing flags compared with ansible-playbook 2.14 for every corpus case and every playbook in
 * playbooks/: recorded by record-listing.ts into `listing/<set>/<playbook>.<mode>.json`.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

export const LISTING_DIR = join(process.cwd(), 'test/playbooks/listing')
export const LISTING_INVENTORY = join(LISTING_DIR, 'hosts.ini')

export const LISTING_MODES: Record<string, string[]> = {
  'list-hosts': ['--list-hosts'],
  'list-tasks': ['--list-tasks'],
  'list-tags': ['--list-tags'],
}

/** Each set is a directory of playbooks, run from that directory with the playbook's bare name. */
export const LISTING_SETS: { name: string; dir: string }[] = [
  { name: 'cases', dir: join(process.cwd(), 'test/playbooks/cases') },
  { name: 'playbooks', dir: join(process.cwd(), 'playbooks') },
]

export function listingPlaybooks(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yml')).sort()
}

export function listingFile(set: string, playbook: string, mode: string): string {
  return join(LISTING_DIR, set, `${playbook.replace(/\.yml$/, '')}.${mode}.json`)
}

export interface ListingRecord {
  exit: number
  stdout: string
}

/**
 * Ansible prints a play's hosts and its play-level tags from Python sets, whose order changes from
 * run to run: both are compared sorted. Nothing else is normalised.
 */
export function normalizeListing(text: string): string {
  return text
    .replace(/(hosts \(\d+\):\n)((?: {6}\S.*\n)*)/g, (_, head: string, lines: string) => head + lines.split('\n').filter(Boolean).sort().map((l) => l + '\n').join(''))
    .replace(/^(  play #\d+ .*\tTAGS: \[)([^\]]*)\]/gm, (_, head: string, tags: string) => head + tags.split(',').filter(Boolean).sort().join(',') + ']')
}
