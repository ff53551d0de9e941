import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { ParseError } from '../errors.js'
import type { Vars } from './model.js'
import { pyTypeName } from './pytype.js'
import { type Decrypt, loadYamlText } from './yamlfile.js'

const VARS_EXTS = ['', '.yml', '.yaml', '.json']
/** Shared result for entities without vars files; never mutated (callers merge from it). */
const EMPTY: Vars = Object.freeze({}) as Vars

/**
 * group_vars/ and host_vars/ lookups (plugins/vars/host_group_vars.py and
 * parsing/dataloader.py find_vars_files). One instance per inventory load, so each directory and
 * file is read once however many hosts ask for it.
 */
export class VarsDirs {
  private cache = new Map<string, Vars>()

  constructor(
    private readonly decrypt: Decrypt | undefined,
    private readonly warn: (m: string) => void,
  ) {}

  /** Merged vars of `group_vars/NAME*` (or host_vars) under `baseDir`; {} when there are none. */
  entityVars(baseDir: string, kind: 'group_vars' | 'host_vars', name: string): Vars {
    // names that look like absolute paths (chroot-style hosts) are never looked up
    if (name.startsWith('/')) return {}
    const key = `${baseDir}\0${kind}\0${name}`
    const hit = this.cache.get(key)
    if (hit) return hit
    let data: Vars = EMPTY
    const dir = this.realDir(join(baseDir, kind))
    if (dir && this.mayHave(dir, name)) {
      data = {}
      for (const file of findVarsFiles(dir, name)) {
        const loaded = loadYamlText(readFileSync(file, 'utf8'), file, this.decrypt)
        if (!loaded) continue
        if (typeof loaded !== 'object' || Array.isArray(loaded)) {
          throw new ParseError(
            `failed to combine variables, expected dicts but got a 'dict' and a '${pyTypeName(loaded)}'`,
            { file },
          )
        }
        data = { ...data, ...(loaded as Vars) }
      }
    }
    this.cache.set(key, data)
    return data
  }

  private dirCache = new Map<string, string | null>()
  private listings = new Map<string, Set<string>>()

  /** Whether `dir` has an entry `name`, `name.yml`, … (one readdir instead of four stats per host). */
  private mayHave(dir: string, name: string): boolean {
    let entries = this.listings.get(dir)
    if (!entries) {
      entries = new Set(readdirSync(dir))
      this.listings.set(dir, entries)
    }
    return VARS_EXTS.some((ext) => entries.has(name + ext))
  }

  private realDir(path: string): string | null {
    const known = this.dirCache.get(path)
    if (known !== undefined) return known
    let out: string | null = null
    try {
      const real = realpathSync(path)
      if (statSync(real).isDirectory()) out = real
      else this.warn(`Found ${path.endsWith('host_vars') ? 'host_vars' : 'group_vars'} that is not a directory, skipping: ${real}`)
    } catch {
      out = null
    }
    this.dirCache.set(path, out)
    return out
  }
}

/** `name` (file or directory), then name.yml, name.yaml, name.json: the first that exists wins. */
export function findVarsFiles(dir: string, name: string): string[] {
  for (const ext of VARS_EXTS) {
    const full = join(dir, name + ext)
    const st = statSync(full, { throwIfNoEntry: false })
    if (!st) continue
    return st.isDirectory() ? dirVarsFiles(full) : [full]
  }
  return []
}

/** Files of a vars directory, recursively, sorted; hidden files and `~` backups skipped. */
function dirVarsFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue
    const ext = extname(entry)
    const full = join(dir, entry)
    let st
    try {
      st = statSync(full)
    } catch {
      continue
    }
    if (st.isDirectory() && !ext) out.push(...dirVarsFiles(full))
    else if (st.isFile() && VARS_EXTS.includes(ext)) out.push(full)
  }
  return out
}
