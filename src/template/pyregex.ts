/**
 * Python `re` patterns and replacement strings on JavaScript RegExp: named groups (?P<n>),
 * backreferences (?P=n), \A \Z, Python's `$` (also before a final newline), leading inline flags,
 * and `\1` / `\g<name>` replacements. Compiled patterns are cached by the caller's Map.
 */
import { PyError } from './values.js'

export interface PyRegexFlags {
  ignorecase?: boolean
  multiline?: boolean
  dotall?: boolean
}

export function translatePattern(pattern: string, flags: PyRegexFlags = {}): RegExp {
  let p = pattern
  let f = ''
  let multiline = !!flags.multiline
  let verbose = false
  if (flags.ignorecase) f += 'i'
  if (flags.dotall) f += 's'
  const lead = /^\(\?([aiLmsux]+)\)/.exec(p)
  if (lead) {
    p = p.slice(lead[0].length)
    if (lead[1].includes('i') && !f.includes('i')) f += 'i'
    if (lead[1].includes('s') && !f.includes('s')) f += 's'
    if (lead[1].includes('m')) multiline = true
    if (lead[1].includes('x')) verbose = true
  }
  if (multiline) f += 'm'
  let out = ''
  let inClass = false
  for (let i = 0; i < p.length; i++) {
    const c = p[i]
    if (c === '\\') {
      const n = p[i + 1]
      if (n === undefined) throw new PyError('re.error', 'bad escape (end of pattern)')
      i++
      if (!inClass && n === 'A') out += '(?<![\\s\\S])'
      else if (!inClass && n === 'Z') out += '(?![\\s\\S])'
      else out += '\\' + n
      continue
    }
    if (inClass) {
      if (c === ']') inClass = false
      out += c
      continue
    }
    if (c === '[') {
      inClass = true
      out += c
      if (p[i + 1] === '^') out += p[++i]
      if (p[i + 1] === ']') {
        out += '\\]'
        i++
      }
      continue
    }
    if (verbose && /\s/.test(c)) continue
    if (verbose && c === '#') {
      while (i < p.length && p[i] !== '\n') i++
      continue
    }
    if (c === '(' && p.startsWith('(?P<', i)) {
      out += '(?<'
      i += 3
      continue
    }
    if (c === '(' && p.startsWith('(?P=', i)) {
      const end = p.indexOf(')', i)
      out += `\\k<${p.slice(i + 4, end)}>`
      i = end
      continue
    }
    if (c === '$' && !multiline) {
      out += '(?=\\n?(?![\\s\\S]))'
      continue
    }
    out += c
  }
  try {
    return new RegExp(out, f)
  } catch (e) {
    throw new PyError('re.error', `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`)
  }
}

/** Expand a Python re.sub replacement template for one match. */
export function expandReplacement(repl: string, m: RegExpExecArray | string[], groups?: Record<string, string | undefined>): string {
  let out = ''
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i]
    if (c !== '\\' || i === repl.length - 1) {
      out += c
      continue
    }
    const n = repl[++i]
    if (/\d/.test(n)) {
      let num = n
      if (/\d/.test(repl[i + 1] ?? '')) num += repl[++i]
      out += groupText(m, Number(num))
    } else if (n === 'g' && repl[i + 1] === '<') {
      const end = repl.indexOf('>', i)
      if (end < 0) throw new PyError('re.error', 'missing >, unterminated name')
      const name = repl.slice(i + 2, end)
      i = end
      if (/^\d+$/.test(name)) out += groupText(m, Number(name))
      else {
        if (!groups || !(name in groups)) throw new PyError('IndexError', `unknown group name '${name}'`)
        out += groups[name] ?? ''
      }
    } else {
      const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' }
      if (n in esc) out += esc[n]
      else if (/[A-Za-z]/.test(n)) throw new PyError('re.error', `bad escape \\${n}`)
      else out += '\\' + n
    }
  }
  return out
}

function groupText(m: RegExpExecArray | string[], n: number): string {
  if (n >= m.length) throw new PyError('re.error', `invalid group reference ${n}`)
  return m[n] ?? ''
}

export function pySub(re: RegExp, repl: string, value: string, count = 0): string {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g')
  let n = 0
  return value.replace(g, (...args: unknown[]) => {
    if (count > 0 && n >= count) return args[0] as string
    n++
    const hasGroups = typeof args[args.length - 1] === 'object' && args[args.length - 1] !== null
    const groups = hasGroups ? (args[args.length - 1] as Record<string, string | undefined>) : undefined
    const end = hasGroups ? args.length - 3 : args.length - 2
    const m = args.slice(0, end) as string[]
    return expandReplacement(repl, m, groups)
  })
}

/** re.findall: whole matches, group 1, or tuples of groups. */
export function pyFindall(re: RegExp, value: string): Array<string | string[]> {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g')
  const out: Array<string | string[]> = []
  for (const m of value.matchAll(g)) {
    if (m.length === 1) out.push(m[0])
    else if (m.length === 2) out.push(m[1] ?? '')
    else out.push(m.slice(1).map((x) => x ?? ''))
  }
  return out
}

/** re.match: anchored at the start only. */
export function pyMatch(re: RegExp, value: string): RegExpExecArray | null {
  const y = new RegExp(re.source, re.flags.replace('g', '') + 'y')
  y.lastIndex = 0
  return y.exec(value)
}

export function escapePy(s: string): string {
  // Python 3.7+ re.escape: escape only regex-special characters
  return s.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => '\\' + c)
}
