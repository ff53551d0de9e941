/** Controller-side lookups: file, env, template, vars, items, fileglob, first_found, lines, pipe and the with_* helpers. */
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, basename, join, isAbsolute } from 'node:path'
import { TemplateError } from '../../errors.js'
import { bind, asStr } from '../filters/args.js'
import { flatten } from '../filters/ansible.js'
import { percentFormat } from '../format.js'
import { pyStrip } from '../methods.js'
import type { LookupFn } from '../registry.js'
import { Undefined, failUndefined, isDict, newDict, normalize, pyIter, setKey, truthy } from '../values.js'

export class LookupError extends TemplateError {
  constructor(message: string) {
    super(message, {}, 'E_TEMPLATE_LOOKUP')
  }
}

function shell(cmd: string): { stdout: string; rc: number } {
  try {
    return { stdout: execFileSync('/bin/sh', ['-c', cmd], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }), rc: 0 }
  } catch (e) {
    const err = e as { status?: number; stdout?: string }
    return { stdout: err.stdout ?? '', rc: err.status ?? 1 }
  }
}

function globIn(dir: string, pattern: string): string[] {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$')
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch {
    return []
  }
  return entries.sort().filter((e) => re.test(e)).map((e) => join(dir, e)).filter((p) => {
    try {
      return statSync(p).isFile()
    } catch {
      return false
    }
  })
}

function parseKv(term: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of term.trim().split(/\s+/)) {
    const i = part.indexOf('=')
    if (i > 0) out[part.slice(0, i)] = part.slice(i + 1)
  }
  return out
}

/** with_sequence: `start=1 end=10 stride=2 format=host%02d` or `[start-]end[/stride][:format]`. */
function sequence(term: string): string[] {
  let start = 1
  let end: number | undefined
  let count: number | undefined
  let stride = 1
  let format = '%d'
  const num = (s: string) => {
    const n = /^0x/i.test(s) ? parseInt(s, 16) : /^0o?\d/.test(s) && s.length > 1 ? parseInt(s.replace(/^0o?/, ''), 8) : Number(s)
    if (!Number.isInteger(n)) throw new LookupError(`can't parse ${s} as integer`)
    return n
  }
  if (term.includes('=')) {
    const kv = parseKv(term)
    if (kv.start) start = num(kv.start)
    if (kv.end) end = num(kv.end)
    if (kv.count) count = num(kv.count)
    if (kv.stride) stride = num(kv.stride)
    if (kv.format) format = kv.format
  } else {
    const m = /^(?:(-?\d+|0x[0-9a-f]+)-)?(-?\d+|0x[0-9a-f]+)(?:\/(-?\d+|0x[0-9a-f]+))?(?::(.+))?$/i.exec(term.trim())
    if (!m) throw new LookupError(`unknown sequence specification: ${term}`)
    if (m[1] !== undefined) start = num(m[1])
    end = num(m[2])
    if (m[3] !== undefined) stride = num(m[3])
    if (m[4] !== undefined) format = m[4]
  }
  if (count !== undefined) {
    if (end !== undefined) throw new LookupError("can't specify both count and end in with_sequence")
    end = start + (count - 1) * stride
    if (count === 0) return []
  }
  if (end === undefined) throw new LookupError('must specify count or end in with_sequence')
  if (stride === 0) return []
  if ((stride > 0 && end < start) || (stride < 0 && end > start)) throw new LookupError('to count backwards make stride negative')
  const out: string[] = []
  for (let i = start; stride > 0 ? i <= end : i >= end; i += stride) out.push(percentFormat(format, i))
  return out
}

export function coreLookups(): Record<string, LookupFn> {
  const items: LookupFn = (_env, terms) => flatten(terms.map(normalize), 1, false)
  return {
    file: (env, terms, kw) => {
      const a = bind('file', [], kw, ['lstrip', 'rstrip'], { lstrip: false, rstrip: true })
      return terms.map((t) => {
        const path = env.findFile(asStr(t), 'files')
        if (!path) throw new LookupError(`The 'file' lookup had an issue accessing the file '${asStr(t)}'. file not found, use -vvvvv to see paths searched`)
        let s = readFileSync(path, 'utf8')
        if (truthy(a.lstrip)) s = pyStrip(s, undefined, true, false)
        if (truthy(a.rstrip)) s = pyStrip(s, undefined, false, true)
        return s
      })
    },
    env: (_env, terms, kw) => {
      const a = bind('env', [], kw, ['default'], { default: '' })
      return terms.map((t) => process.env[asStr(t)] ?? a.default)
    },
    template: (env, terms, kw) => {
      const a = bind('template', [], kw, ['convert_data', 'template_vars', 'jinja2_native', 'variable_start_string', 'variable_end_string', 'comment_start_string', 'comment_end_string'], { convert_data: true, template_vars: {} })
      return terms.map((t) => {
        const path = env.findFile(asStr(t), 'templates')
        if (!path) throw new LookupError(`the template file ${asStr(t)} could not be found for the lookup`)
        const extra = newDict()
        if (isDict(a.template_vars)) for (const k of Object.keys(a.template_vars)) setKey(extra, k, a.template_vars[k])
        setKey(extra, 'template_path', path)
        setKey(extra, 'template_fullpath', path)
        setKey(extra, 'template_destpath', null)
        return env.renderString(readFileSync(path, 'utf8'), extra, { native: false, file: true })
      })
    },
    vars: (env, terms, kw) => {
      const hasDefault = Object.hasOwn(kw, 'default')
      return terms.map((t) => {
        const v = env.resolveVar(asStr(t))
        if (v instanceof Undefined) {
          if (hasDefault) return normalize(kw.default)
          if (v.name === asStr(t) && v.message === `'${v.name}' is undefined`) throw new LookupError(`No variable found with this name: ${asStr(t)}`)
          failUndefined(v)
        }
        return v
      })
    },
    items,
    list: (_env, terms) => terms.map(normalize),
    flattened: (_env, terms) => flatten(terms.map(normalize), null, true),
    indexed_items: (_env, terms) => flatten(terms.map(normalize), 1, false).map((x, i) => [i, x]),
    dict: (_env, terms) => terms.flatMap((t) => {
      if (!isDict(t)) throw new LookupError('with_dict expects a dict')
      return Object.keys(t).map((k) => ({ key: k, value: t[k] }))
    }),
    together: (_env, terms) => {
      const lists = terms.map((t) => pyIter(t))
      if (!lists.length) throw new LookupError('with_together requires at least one element in each list')
      const n = Math.max(...lists.map((l) => l.length))
      return Array.from({ length: n }, (_, i) => lists.map((l) => (i < l.length ? l[i] : null)))
    },
    nested: (_env, terms) => {
      const lists = terms.map((t) => pyIter(t))
      if (!lists.length) throw new LookupError('with_nested requires at least one element in the nested list')
      let out: unknown[][] = [[]]
      for (const l of lists) out = out.flatMap((acc) => l.map((x) => [...acc, x]))
      return out
    },
    sequence: (_env, terms) => terms.flatMap((t) => sequence(asStr(t))),
    random_choice: (_env, terms) => (terms.length ? [terms[Math.floor(Math.random() * terms.length)]] : []),
    fileglob: (env, terms) => {
      const found: string[] = []
      for (const t of terms.map((x) => asStr(x))) {
        const dir = dirname(t)
        const base = basename(t)
        if (isAbsolute(t)) found.push(...globIn(dir, base))
        else {
          const d = env.findFile(dir === '.' ? '.' : dir, 'files')
          if (d) found.push(...globIn(d, base))
        }
      }
      return found
    },
    first_found: (env, terms, kw) => {
      const a = bind('first_found', [], kw, ['files', 'paths', 'skip'], { skip: false })
      const candidates: Array<{ file: string; paths: string[] }> = []
      const split = (v: unknown) => (typeof v === 'string' ? v.split(/[,;:]/).filter(Boolean) : pyIter(v).map((x) => asStr(x)))
      const addSpec = (files: string[], paths: string[]) => files.forEach((f) => candidates.push({ file: f, paths }))
      for (const tIn of terms) {
        const t = normalize(tIn)
        if (isDict(t)) addSpec(split(t.files ?? []), split(t.paths ?? []))
        else if (Array.isArray(t)) t.forEach((x) => addSpec([asStr(x)], []))
        else addSpec([asStr(t)], [])
      }
      if (a.files !== null) addSpec(split(a.files), a.paths !== null ? split(a.paths) : [])
      for (const c of candidates) {
        if (c.paths.length) {
          for (const p of c.paths) {
            const full = isAbsolute(p) ? join(p, c.file) : env.findFile(join(p, c.file), 'files')
            if (full && env.findFile(full)) return [full]
          }
          continue
        }
        const f = env.findFile(c.file, 'files')
        if (f) return [f]
      }
      if (truthy(a.skip) || truthy(normalize(kw.skip))) return []
      throw new LookupError('No file was found when using first_found.')
    },
    lines: (_env, terms) => terms.flatMap((t) => {
      const r = shell(asStr(t))
      if (r.rc !== 0) throw new LookupError(`lookup_plugin.lines(${asStr(t)}) returned ${r.rc}`)
      return r.stdout.split(/\r?\n/).filter((l, i, arr) => i < arr.length - 1 || l !== '')
    }),
    pipe: (_env, terms) => terms.map((t) => {
      const r = shell(asStr(t))
      if (r.rc !== 0) throw new LookupError(`lookup_plugin.pipe(${asStr(t)}) returned ${r.rc}`)
      return r.stdout.replace(/\s+$/, '')
    }),
  }
}
