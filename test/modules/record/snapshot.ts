/** Setup and end-state snapshot of a scenario directory, shared by the recorder and the replay. */
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { SetupEntry, Snapshot } from './scenario.js'

export function setUp(dir: string, setup: Record<string, SetupEntry> = {}): void {
  for (const [rel, entry] of Object.entries(setup)) {
    const path = join(dir, rel)
    mkdirSync(dirname(path), { recursive: true })
    if (typeof entry === 'string') writeFileSync(path, entry)
    else if ('content' in entry) {
      writeFileSync(path, entry.content)
      if (entry.mode) chmodSync(path, parseInt(entry.mode, 8))
    } else if ('dir' in entry) {
      mkdirSync(path, { recursive: true })
      if (entry.mode) chmodSync(path, parseInt(entry.mode, 8))
    } else symlinkSync(entry.link.replace(/@DIR@/g, dir), path)
  }
}

export function snapshot(dir: string, rel = ''): Snapshot {
  const out: Snapshot = {}
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const relPath = rel ? `${rel}/${name}` : name
    const path = join(dir, relPath)
    const st = lstatSync(path)
    const mode = '0' + (st.mode & 0o7777).toString(8).padStart(3, '0')
    if (st.isSymbolicLink()) out[relPath] = { type: 'link', mode, target: readlinkSync(path).split(dir).join('@DIR@') }
    else if (st.isDirectory()) {
      out[relPath] = { type: 'directory', mode }
      Object.assign(out, snapshot(dir, relPath))
    } else out[relPath] = { type: 'file', mode, content: readFileSync(path, 'utf8'), nlink: st.nlink }
  }
  return out
}

/** Replaces the temp dir by @DIR@ everywhere, deeply. */
export function placeholders<T>(value: T, dir: string): T {
  if (typeof value === 'string') return value.split(dir).join('@DIR@') as T
  if (Array.isArray(value)) return value.map((v) => placeholders(v, dir)) as T
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, placeholders(v, dir)])) as T
  return value
}

export function withDir<T>(value: T, dir: string): T {
  if (typeof value === 'string') return value.replace(/@DIR@/g, dir) as T
  if (Array.isArray(value)) return value.map((v) => withDir(v, dir)) as T
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDir(v, dir)])) as T
  return value
}
