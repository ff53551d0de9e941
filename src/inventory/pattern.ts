import { readFileSync, statSync } from 'node:fs'
import { InventoryError } from '../errors.js'
import { parseAddress } from './address.js'
import { globToRegExp, pythonRegExp } from './fnmatch.js'
import { type Group, type Host, type InventoryData, LOCALHOST_NAMES } from './model.js'

/**
 * Split `a,b` (or the legacy `a:b`) into single patterns, as inventory/manager.py
 * split_host_pattern does: `:` only splits when the whole string is not an address or range.
 */
export function splitHostPattern(pattern: string | string[]): string[] {
  if (Array.isArray(pattern)) return pattern.flatMap((p) => splitHostPattern(p))
  let parts: string[]
  if (pattern.includes(',')) {
    parts = pattern.split(',')
  } else {
    try {
      parseAddress(pattern, true)
      parts = [pattern]
    } catch {
      parts = pattern.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? []
    }
  }
  return parts.map((p) => p.trim()).filter((p) => p)
}

/** Plain patterns first, then `&` ones, then `!` ones; `all` when only modifiers are given. */
export function orderPatterns(patterns: string[]): string[] {
  const regular: string[] = []
  const and: string[] = []
  const not: string[] = []
  for (const p of patterns) {
    if (!p) continue
    if (p[0] === '!') not.push(p)
    else if (p[0] === '&') and.push(p)
    else regular.push(p)
  }
  return [...(regular.length ? regular : ['all']), ...and, ...not]
}

const WITH_SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/

type Subscript = [number, number | null]

/**
 * Evaluates host patterns against one inventory with ansible's rules (manager.py
 * _evaluate_patterns, _match_one_pattern, _enumerate_matches), caching each single pattern the
 * way ansible does so each mismatch warning is given once.
 */
export class PatternMatcher {
  private cache = new Map<string, Host[]>()

  constructor(
    private readonly inv: InventoryData,
    private readonly warn: (m: string) => void,
  ) {}

  /** Host names for a pattern, restricted to `limit` patterns when given, de-duplicated. */
  select(pattern: string | string[], limit?: string[] | null): string[] {
    let hosts = this.evaluate(splitHostPattern(pattern))
    if (limit) {
      const allowed = new Set(this.evaluate(limit).map((h) => h.name))
      hosts = hosts.filter((h) => allowed.has(h.name))
    }
    const seen = new Set<string>()
    const out: string[] = []
    for (const h of hosts) {
      if (seen.has(h.name)) continue
      seen.add(h.name)
      out.push(h.name)
    }
    return out
  }

  evaluate(patterns: string[]): Host[] {
    let hosts: Host[] = []
    for (const p of orderPatterns(patterns)) {
      const plain = this.inv.hosts.get(p)
      if (plain) {
        hosts.push(plain)
        continue
      }
      const that = this.matchOne(p)
      if (p[0] === '!') {
        const drop = new Set(that)
        hosts = hosts.filter((h) => !drop.has(h))
      } else if (p[0] === '&') {
        const keep = new Set(that)
        hosts = hosts.filter((h) => keep.has(h))
      } else {
        const existing = new Set(hosts.map((h) => h.name))
        for (const h of that) if (!existing.has(h.name)) hosts.push(h)
      }
    }
    return hosts
  }

  private matchOne(pattern: string): Host[] {
    if (pattern[0] === '&' || pattern[0] === '!') pattern = pattern.slice(1)
    const cached = this.cache.get(pattern)
    if (cached) return cached
    const [expr, subscript] = this.splitSubscript(pattern)
    let hosts = this.enumerate(expr)
    if (hosts.length && subscript) {
      const [start, end] = subscript
      if (end) {
        const last = end === -1 ? hosts.length - 1 : end
        hosts = pySlice(hosts, start, last + 1)
      } else {
        const i = start < 0 ? hosts.length + start : start
        if (i < 0 || i >= hosts.length) throw new InventoryError(`No hosts matched the subscripted pattern '${pattern}'`)
        hosts = [hosts[i]]
      }
    }
    this.cache.set(pattern, hosts)
    return hosts
  }

  private splitSubscript(pattern: string): [string, Subscript | null] {
    if (pattern[0] === '~') return [pattern, null]
    const m = WITH_SUBSCRIPT.exec(pattern)
    if (!m) return [pattern, null]
    const [, expr, idx, start, sep, end] = m
    if (idx !== undefined) return [expr, [Number.parseInt(idx, 10), null]]
    if (sep === '-') this.warn('Use [x:y] inclusive subscripts instead of [x-y] which has been removed')
    return [expr, [Number.parseInt(start, 10), end ? Number.parseInt(end, 10) : -1]]
  }

  private enumerate(pattern: string): Host[] {
    const re = compileNamePattern(pattern)
    const results: Host[] = []
    const groups = [...this.inv.groups.keys()].filter((g) => re.test(g))
    for (const g of groups) results.push(...this.inv.groupHosts(this.inv.groups.get(g) as Group))
    if (!groups.length || pattern[0] === '~' || /[.?*[]/.test(pattern)) {
      for (const [name, h] of this.inv.hosts) if (re.test(name)) results.push(h)
    }
    if (!results.length && LOCALHOST_NAMES.has(pattern)) {
      const local = this.inv.getHost(pattern)
      if (local) results.push(local)
    }
    if (!results.length && !groups.length && pattern !== 'all') {
      this.warn(`Could not match supplied host pattern, ignoring: ${pattern}`)
    }
    return results
  }
}

function compileNamePattern(pattern: string): RegExp {
  try {
    return pattern[0] === '~' ? pythonRegExp(pattern.slice(1)) : globToRegExp(pattern)
  } catch {
    throw new InventoryError(`Invalid host list pattern: ${pattern}`)
  }
}

/** Python's list[a:b] for non-negative a and b. */
function pySlice<T>(xs: T[], a: number, b: number): T[] {
  return xs.slice(Math.max(0, a), Math.max(0, b))
}

/**
 * `--limit` values: split like a pattern, and `@file` entries replaced by the file's lines
 * (manager.py subset).
 */
export function expandLimit(limit: string): string[] {
  const out: string[] = []
  for (const x of splitHostPattern(limit)) {
    if (x[0] !== '@') {
      out.push(x)
      continue
    }
    const path = x.slice(1)
    let isFile: boolean
    try {
      isFile = statSync(path).isFile()
    } catch {
      throw new InventoryError(`Unable to find limit file ${path}`)
    }
    if (!isFile) throw new InventoryError(`Limit starting with "@" must be a file, not a directory: ${path}`)
    out.push(...readFileSync(path, 'utf8').split('\n').map((l) => l.trim()))
  }
  return out
}
