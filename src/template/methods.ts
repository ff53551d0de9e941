/** Python methods of str, list and dict that templates may call (a fixed whitelist). */
import { strFormat } from './format.js'
import { expandTabs } from './expand-tabs.js'
import {
  PyCallable, PyError, Tuple, Undefined, dictKey, failUndefined, isDict, isInt, normalize, num, pyCompare, pyEq, pyIter, pyStr, setKey, typeName,
} from './values.js'

export type FieldGetter = (obj: unknown, key: string, isIndex: boolean) => unknown

function str(v: unknown, what = 'argument'): string {
  v = normalize(v)
  if (typeof v === 'string') return v
  if (v instanceof Undefined) failUndefined(v)
  throw new PyError('TypeError', `${what} must be str, not ${typeName(v)}`)
}
function optStr(v: unknown): string | undefined {
  v = normalize(v)
  return v === null ? undefined : str(v)
}
function int(v: unknown, dflt: number): number {
  v = normalize(v)
  if (v === null) return dflt
  if (v instanceof Undefined) failUndefined(v)
  if (!isInt(v) && typeof v !== 'boolean') throw new PyError('TypeError', `'${typeName(v)}' object cannot be interpreted as an integer`)
  return num(v)
}

const WS = ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000'

export function pyStrip(s: string, chars: string | undefined, left: boolean, right: boolean): string {
  const set = chars ?? WS
  let a = 0
  let b = s.length
  if (left) while (a < b && set.includes(s[a])) a++
  if (right) while (b > a && set.includes(s[b - 1])) b--
  return s.slice(a, b)
}

export function pySplit(s: string, sep: string | undefined, maxsplit: number): string[] {
  if (sep === undefined) {
    const out: string[] = []
    let i = 0
    while (i < s.length) {
      while (i < s.length && WS.includes(s[i])) i++
      if (i >= s.length) break
      if (maxsplit >= 0 && out.length === maxsplit) {
        out.push(pyStrip(s.slice(i), undefined, false, true))
        return out
      }
      let j = i
      while (j < s.length && !WS.includes(s[j])) j++
      out.push(s.slice(i, j))
      i = j
    }
    return out
  }
  if (sep === '') throw new PyError('ValueError', 'empty separator')
  const parts = s.split(sep)
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)]
}

function pyRsplit(s: string, sep: string | undefined, maxsplit: number): string[] {
  if (maxsplit < 0) return pySplit(s, sep, -1)
  if (sep === undefined) {
    const all = pySplit(s, undefined, -1)
    if (all.length <= maxsplit + 1) return all
    // keep the leading remainder as in the source text
    const keep = all.length - maxsplit
    let idx = 0
    for (let k = 0; k < keep; k++) idx = s.indexOf(all[k], idx) + all[k].length
    return [pyStrip(s.slice(0, idx), undefined, true, false), ...all.slice(keep)]
  }
  const parts = s.split(sep)
  if (parts.length <= maxsplit + 1) return parts
  const cut = parts.length - maxsplit
  return [parts.slice(0, cut).join(sep), ...parts.slice(cut)]
}

const LINE_BREAKS = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g

export function pySplitlines(s: string, keepends = false): string[] {
  const out: string[] = []
  let last = 0
  for (const m of s.matchAll(LINE_BREAKS)) {
    const end = m.index! + m[0].length
    out.push(s.slice(last, keepends ? end : m.index))
    last = end
  }
  if (last < s.length) out.push(s.slice(last))
  return out
}

export function pyTitle(s: string): string {
  let prevCased = false
  let out = ''
  for (const ch of s) {
    const isCased = ch.toLowerCase() !== ch.toUpperCase()
    out += isCased ? (prevCased ? ch.toLowerCase() : ch.toUpperCase()) : ch
    prevCased = isCased
  }
  return out
}

export function pyCapitalize(s: string): string {
  const chars = Array.from(s)
  if (!chars.length) return s
  return chars[0].toUpperCase() + chars.slice(1).join('').toLowerCase()
}

function affix(s: string, arg: unknown, start: unknown, end: unknown, at: 'start' | 'end'): boolean {
  const a = normalize(arg)
  const sub = s.slice(int(start, 0), end === undefined || normalize(end) === null ? undefined : int(end, s.length))
  const cands = Array.isArray(a) ? a.map((x) => str(x)) : [str(a, `${at}swith first arg`)]
  return cands.some((c) => (at === 'start' ? sub.startsWith(c) : sub.endsWith(c)))
}

function justify(s: string, width: number, fill: string, how: 'l' | 'r' | 'c'): string {
  const n = width - Array.from(s).length
  if (n <= 0) return s
  if (how === 'l') return s + fill.repeat(n)
  if (how === 'r') return fill.repeat(n) + s
  const left = Math.floor(n / 2) + (n & width & 1)
  return fill.repeat(left) + s + fill.repeat(n - left)
}

function findIdx(s: string, sub: string, start: unknown, end: unknown, rev: boolean): number {
  const a = int(start, 0)
  const b = end === undefined ? s.length : int(end, s.length)
  const hay = s.slice(a, b)
  const i = rev ? hay.lastIndexOf(sub) : hay.indexOf(sub)
  return i < 0 ? -1 : i + (a < 0 ? Math.max(0, s.length + a) : a)
}

const STR_METHODS: Record<string, (s: string, a: unknown[], kw: Record<string, unknown>, gf: FieldGetter) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  casefold: (s) => s.toLowerCase(),
  swapcase: (s) => Array.from(s).map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  title: (s) => pyTitle(s),
  capitalize: (s) => pyCapitalize(s),
  strip: (s, a) => pyStrip(s, optStr(a[0]), true, true),
  lstrip: (s, a) => pyStrip(s, optStr(a[0]), true, false),
  rstrip: (s, a) => pyStrip(s, optStr(a[0]), false, true),
  split: (s, a, kw) => pySplit(s, optStr(kw.sep ?? a[0]), int(kw.maxsplit ?? a[1], -1)),
  rsplit: (s, a, kw) => pyRsplit(s, optStr(kw.sep ?? a[0]), int(kw.maxsplit ?? a[1], -1)),
  splitlines: (s, a, kw) => pySplitlines(s, Boolean(normalize(kw.keepends ?? a[0]))),
  startswith: (s, a) => affix(s, a[0], a[1], a[2], 'start'),
  endswith: (s, a) => affix(s, a[0], a[1], a[2], 'end'),
  find: (s, a) => findIdx(s, str(a[0]), a[1], a[2], false),
  rfind: (s, a) => findIdx(s, str(a[0]), a[1], a[2], true),
  index: (s, a) => {
    const i = findIdx(s, str(a[0]), a[1], a[2], false)
    if (i < 0) throw new PyError('ValueError', 'substring not found')
    return i
  },
  rindex: (s, a) => {
    const i = findIdx(s, str(a[0]), a[1], a[2], true)
    if (i < 0) throw new PyError('ValueError', 'substring not found')
    return i
  },
  count: (s, a) => {
    const sub = str(a[0])
    if (sub === '') return Array.from(s).length + 1
    return s.split(sub).length - 1
  },
  replace: (s, a) => {
    const old = str(a[0])
    const neu = str(a[1])
    const count = int(a[2], -1)
    if (count < 0) return s.split(old).join(neu)
    const parts = s.split(old)
    return parts.slice(0, count + 1).join(neu) + (parts.length > count + 1 ? old + parts.slice(count + 1).join(old) : '')
  },
  join: (s, a) => pyIter(a[0]).map((x, i) => {
    const v = normalize(x)
    if (typeof v !== 'string') throw new PyError('TypeError', `sequence item ${i}: expected str instance, ${typeName(v)} found`)
    return v
  }).join(s),
  format: (s, a, kw, gf) => strFormat(s, a, kw, gf),
  center: (s, a) => justify(s, int(a[0], 0), optStr(a[1]) ?? ' ', 'c'),
  ljust: (s, a) => justify(s, int(a[0], 0), optStr(a[1]) ?? ' ', 'l'),
  rjust: (s, a) => justify(s, int(a[0], 0), optStr(a[1]) ?? ' ', 'r'),
  zfill: (s, a) => {
    const w = int(a[0], 0)
    const sign = s[0] === '-' || s[0] === '+' ? s[0] : ''
    return sign + s.slice(sign.length).padStart(w - sign.length, '0')
  },
  isdigit: (s) => /^\p{Nd}+$/u.test(s),
  isdecimal: (s) => /^\p{Nd}+$/u.test(s),
  isnumeric: (s) => /^\p{N}+$/u.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s),
  isspace: (s) => s.length > 0 && Array.from(s).every((c) => WS.includes(c)),
  islower: (s) => /\p{Ll}/u.test(s) && !/\p{Lu}|\p{Lt}/u.test(s),
  isupper: (s) => /\p{Lu}/u.test(s) && !/\p{Ll}|\p{Lt}/u.test(s),
  istitle: (s) => /\p{L}/u.test(s) && pyTitle(s) === s,
  isidentifier: (s) => /^[\p{L}_][\p{L}\p{N}_]*$/u.test(s),
  partition: (s, a) => {
    const sep = str(a[0])
    const i = s.indexOf(sep)
    return i < 0 ? Tuple.of2([s, '', '']) : Tuple.of2([s.slice(0, i), sep, s.slice(i + sep.length)])
  },
  rpartition: (s, a) => {
    const sep = str(a[0])
    const i = s.lastIndexOf(sep)
    return i < 0 ? Tuple.of2(['', '', s]) : Tuple.of2([s.slice(0, i), sep, s.slice(i + sep.length)])
  },
  removeprefix: (s, a) => (s.startsWith(str(a[0])) ? s.slice(str(a[0]).length) : s),
  removesuffix: (s, a) => {
    const x = str(a[0])
    return x && s.endsWith(x) ? s.slice(0, -x.length) : s
  },
  expandtabs: (s, a) => expandTabs(s, int(a[0], 8)),
  encode: (s) => s,
  decode: (s) => s,
}

function sortList(list: unknown[], kw: Record<string, unknown>): void {
  const rev = Boolean(normalize(kw.reverse))
  const keyFn = normalize(kw.key)
  const key = keyFn instanceof PyCallable ? (x: unknown) => keyFn.fn([x], {}) : (x: unknown) => x
  const keyed = list.map((v) => [key(v), v] as const)
  keyed.sort((x, y) => pyCompare(x[0], y[0]))
  if (rev) keyed.reverse()
  list.splice(0, list.length, ...keyed.map((k) => k[1]))
}

const LIST_METHODS: Record<string, (l: unknown[], a: unknown[], kw: Record<string, unknown>) => unknown> = {
  append: (l, a) => { l.push(a[0]); return null },
  extend: (l, a) => { l.push(...pyIter(a[0])); return null },
  insert: (l, a) => { l.splice(int(a[0], 0), 0, a[1]); return null },
  pop: (l, a) => {
    if (!l.length) throw new PyError('IndexError', 'pop from empty list')
    let i = int(a[0], -1)
    if (i < 0) i += l.length
    if (i < 0 || i >= l.length) throw new PyError('IndexError', 'pop index out of range')
    return l.splice(i, 1)[0]
  },
  remove: (l, a) => {
    const i = l.findIndex((x) => pyEq(x, a[0]))
    if (i < 0) throw new PyError('ValueError', 'list.remove(x): x not in list')
    l.splice(i, 1)
    return null
  },
  index: (l, a) => {
    const i = l.findIndex((x) => pyEq(x, a[0]))
    if (i < 0) throw new PyError('ValueError', `${pyStr(a[0])} is not in list`)
    return i
  },
  count: (l, a) => l.filter((x) => pyEq(x, a[0])).length,
  reverse: (l) => { l.reverse(); return null },
  sort: (l, _a, kw) => { sortList(l, kw); return null },
  copy: (l) => [...l],
  clear: (l) => { l.length = 0; return null },
}
const TUPLE_METHODS = new Set(['index', 'count'])

const DICT_METHODS: Record<string, (d: Record<string, unknown>, a: unknown[], kw: Record<string, unknown>) => unknown> = {
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  items: (d) => Object.keys(d).map((k) => Tuple.of2([k, d[k]])),
  get: (d, a) => {
    const k = dictKey(a[0])
    return Object.hasOwn(d, k) ? d[k] : a.length > 1 ? a[1] : null
  },
  copy: (d) => ({ ...d }),
  update: (d, a, kw) => {
    const src = normalize(a[0])
    if (isDict(src)) for (const k of Object.keys(src)) setKey(d, k, src[k])
    else if (Array.isArray(src)) for (const pair of src) {
      const p = pyIter(pair)
      setKey(d, dictKey(p[0]), p[1])
    }
    for (const k of Object.keys(kw)) setKey(d, k, kw[k])
    return null
  },
  pop: (d, a) => {
    const k = dictKey(a[0])
    if (Object.hasOwn(d, k)) {
      const v = d[k]
      delete d[k]
      return v
    }
    if (a.length > 1) return a[1]
    throw new PyError('KeyError', `'${k}'`)
  },
  setdefault: (d, a) => {
    const k = dictKey(a[0])
    if (!Object.hasOwn(d, k)) setKey(d, k, a.length > 1 ? a[1] : null)
    return d[k]
  },
  popitem: (d) => {
    const ks = Object.keys(d)
    if (!ks.length) throw new PyError('KeyError', "'popitem(): dictionary is empty'")
    const k = ks[ks.length - 1]
    const v = d[k]
    delete d[k]
    return Tuple.of2([k, v])
  },
  clear: (d) => {
    for (const k of Object.keys(d)) delete d[k]
    return null
  },
}

/** A bound method of a builtin value, or undefined when the type has no such method. */
export function boundMethod(obj: unknown, name: string, getField: FieldGetter): PyCallable | undefined {
  if (typeof obj === 'string') {
    if (!Object.hasOwn(STR_METHODS, name)) return undefined
    const m = STR_METHODS[name]
    return new PyCallable(name, (a, kw) => m(obj, a, kw, getField))
  }
  if (Array.isArray(obj)) {
    if (!Object.hasOwn(LIST_METHODS, name) || (obj instanceof Tuple && !TUPLE_METHODS.has(name))) return undefined
    const m = LIST_METHODS[name]
    return new PyCallable(name, (a, kw) => m(obj, a, kw))
  }
  if (isDict(obj)) {
    if (!Object.hasOwn(DICT_METHODS, name)) return undefined
    const m = DICT_METHODS[name]
    return new PyCallable(name, (a, kw) => m(obj, a, kw))
  }
  if (typeof obj === 'number' && name === 'is_integer') return new PyCallable(name, () => Number.isInteger(obj))
  return undefined
}

export function containsMethodName(name: string): boolean {
  return Object.hasOwn(STR_METHODS, name) || Object.hasOwn(LIST_METHODS, name) || Object.hasOwn(DICT_METHODS, name)
}
