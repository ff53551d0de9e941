/**
 * What a playbook left on the hosts: each host's scratch dir as sorted lines, one per entry
 * (`d 0755 path`, `f 0644 path = content` or `# sha256`, `l path -> target`). Host scratch
 * paths and the harness dir become placeholders so two runs in different harnesses compare equal.
 */
import { createHash } from 'node:crypto'
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import type { Harness } from '../harness/index.js'

export type EndState = Record<string, string[]>

/** Small text files are shown as they are, so a difference reads as one; others by hash. */
const INLINE_LIMIT = 400

function mode(bits: number): string {
  return (bits & 0o7777).toString(8).padStart(4, '0')
}

function describe(root: string, rel: string, normalize: (text: string) => string): string[] {
  const path = join(root, rel)
  const stat = lstatSync(path)
  if (stat.isSymbolicLink()) return [`l ${rel} -> ${normalize(readlinkSync(path))}`]
  if (stat.isDirectory()) {
    const lines = rel ? [`d ${mode(stat.mode)} ${rel}`] : []
    for (const entry of readdirSync(path).sort()) lines.push(...describe(root, rel ? `${rel}/${entry}` : entry, normalize))
    return lines
  }
  const content = readFileSync(path)
  const text = content.toString('utf8')
  const inline = content.length <= INLINE_LIMIT && !text.includes('\uFFFD') && !text.includes('\0')
  return [`f ${mode(stat.mode)} ${rel} ${inline ? `= ${JSON.stringify(normalize(text))}` : `# sha256 ${createHash('sha256').update(content).digest('hex')}`}`]
}

export function endState(harness: Harness): EndState {
  const normalize = (text: string): string => {
    let out = text
    for (const host of harness.hosts) out = out.split(host.scratch).join(`<SCRATCH:${host.name}>`)
    return out.split(harness.dir).join('<HARNESS>')
  }
  return Object.fromEntries(harness.hosts.map((host) => [host.name, describe(host.scratch, '', normalize)]))
}
