/** The parity corpus: playbooks run by both tools against the same three harness hosts. */
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Harness } from '../harness/index.js'

export const CORPUS_DIR = join(process.cwd(), 'test/playbooks/cases')
export const EXPECTED_DIR = join(process.cwd(), 'test/playbooks/expected')

export function corpusCases(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.yml'))
    .sort()
}

/** h1, h2 in `web`, h3 in `db`; scratch dirs keep the hosts' files apart on the shared filesystem. */
export function corpusInventory(harness: Harness): string {
  return harness.writeInventory({ hosts: harness.hosts, groups: { web: ['h1', 'h2'], db: ['h3'] }, file: 'corpus.ini' })
}

export interface Expected {
  exit: number
  sections: { banner: string; results: Record<string, string[]> }[]
  recap: Record<string, Record<string, number>>
  /** What the run left in each host's scratch dir (see end-state.ts). */
  endState: Record<string, string[]>
}

/** Empties a host's scratch dir between cases (the dir itself belongs to the login user). */
export function clearScratch(dir: string): void {
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true })
}

/**
 * A case's own header comments: `# args: ...` (extra command-line arguments for both tools, split on
 * spaces) and `# banners: any-order` (strategy free: task banners repeat in timing order, so each
 * task's results are compared merged).
 */
export function caseOptions(name: string): { args: string[]; anyOrder: boolean } {
  const text = readFileSync(join(CORPUS_DIR, name), 'utf8')
  const args = /^# args: (.*)$/m.exec(text)?.[1]?.trim().split(/\s+/) ?? []
  return { args, anyOrder: /^# banners: any-order$/m.test(text) }
}
