/** Jinja2's builtin filters, with Jinja 3.1 semantics. */
import { percentFormat } from '../format.js'
import { pyCapitalize, pySplitlines, pyStrip } from '../methods.js'
import type { FilterTable, TemplateEnv } from '../registry.js'
import {
  NamedTuple, PyCallable, PyError, PyFloat, Tuple, Undefined, failUndefined, floatRepr, isDict, isFloat, isInt, isNumber,
  mkFloat, normalize, num, pyCompare, pyEq, pyIter, pyLen, pyRepr, pyStr, truthy, typeName,
} from '../values.js'
import { asInt, asStr, bind } from './args.js'

/** Jinja's make_attrgetter: dotted paths, integer parts as indexes. */
export function attrGetter(env: TemplateEnv, attribute: unknown, post?: (v: unknown) => unknown, dflt?: unknown): (x: unknown) => unknown {
  const a = normalize(attribute)
  const parts = typeof a === 'string' ? a.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [a]
  return (item) => {
    let v = item
    for (const p of parts) {
      v = env.getItem(v, p)
      if (v instanceof Undefined && dflt !== undefined && dflt !== null) {
        v = dflt
        break
      }
    }
    return post ? post(v) : v
  }
}

const ignoreCase = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v)

function sortKeyed(items: unknown[], key: (v: unknown) => unknown, reverse: boolean): unknown[] {
  const keyed = items.map((v) => [key(v), v] as const)
  keyed.sort((a, b) => pyCompare(a[0], b[0]))
  if (reverse) keyed.reverse()
  return keyed.map((k) => k[1])
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;')
}

/** Python's round(): half to even on the exact binary value. */
export function pyRound(x: number, digits: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return x
  if (digits < 0) {
    const m = Math.pow(10, -digits)
    return pyRound(x / m, 0) * m
  }
  // toFixed rounds the exact binary value correctly except on exact ties, where Python rounds half to even
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 60))
  const cut = exact.indexOf('.') + 1 + digits
  const rest = exact.slice(cut)
  const rounded = Number(Math.abs(x).toFixed(digits))
  let r = rounded
  if (/^50*$/.test(rest)) {
    const down = Number(exact.slice(0, digits ? cut : cut - 1))
    const lastDigit = Number(exact[digits ? cut - 1 : cut - 2])
    r = lastDigit % 2 === 0 ? down : rounded
  }
  return x < 0 ? -r : r
}

function doInt(v: unknown, dflt: unknown, base: number): unknown {
  v = normalize(v)
  if (typeof v === 'string') {
    const t = v.trim().replace(/_/g, '')
    const prefixed = /^[+-]?0[xX][0-9a-fA-F]+$|^[+-]?0[oO][0-7]+$|^[+-]?0[bB][01]+$/.test(t)
    if (base !== 10 || prefixed) {
      const neg = t.startsWith('-')
      let body = t.replace(/^[+-]/, '')
      const b = prefixed && base === 10 ? 0 : base
      const pref = body.slice(0, 2).toLowerCase()
      if ((b === 16 && pref === '0x') || (b === 8 && pref === '0o') || (b === 2 && pref === '0b')) body = body.slice(2)
      if (b !== 0 && body && [...body.toLowerCase()].every((c) => parseInt(c, 36) < b)) return (neg ? -1 : 1) * parseInt(body, b)
      return dflt
    }
    if (/^[+-]?\d+$/.test(t)) return parseInt(t, 10)
    const f = Number(t)
    if (t !== '' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(t) && Number.isFinite(f)) return Math.trunc(f)
    return dflt
  }
  if (typeof v === 'boolean') return v ? 1 : 0
  if (isNumber(v)) return Math.trunc(num(v))
  return dflt
}

function doFloat(v: unknown, dflt: unknown): unknown {
  v = normalize(v)
  if (typeof v === 'boolean') return mkFloat(v ? 1 : 0)
  if (isNumber(v)) return mkFloat(num(v))
  if (typeof v === 'string') {
    const t = v.trim().replace(/_/g, '')
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return mkFloat(Number(t))
    if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity
    if (/^[+-]?nan$/i.test(t)) return NaN
  }
  return dflt
}

function firstLast(v: unknown, last: boolean): unknown {
  const items = pyIter(v)
  if (!items.length) return new Undefined(`No ${last ? 'last' : 'first'} item, sequence was empty.`)
  return last ? items[items.length - 1] : items[0]
}

function minMax(env: TemplateEnv, v: unknown, args: unknown[], kwargs: Record<string, unknown>, max: boolean): unknown {
  const a = bind(max ? 'max' : 'min', args, kwargs, ['case_sensitive', 'attribute'], { case_sensitive: false })
  const items = pyIter(v)
  if (!items.length) return new Undefined(`No aggregated item, sequence was empty.`)
  const post = a.case_sensitive ? undefined : ignoreCase
  const key = a.attribute !== null ? attrGetter(env, a.attribute, post) : (x: unknown) => (post ? post(x) : x)
  let best = items[0]
  let bk = key(best)
  for (const x of items.slice(1)) {
    const k = key(x)
    const c = pyCompare(k, bk)
    if (max ? c > 0 : c < 0) {
      best = x
      bk = k
    }
  }
  return best
}

/** The iterable a map/select filter works on, with the test or filter call that follows. */
function selectOrReject(env: TemplateEnv, v: unknown, args: unknown[], kwargs: Record<string, unknown>, attr: boolean, want: boolean): unknown[] {
  const items = pyIter(v)
  let getter: (x: unknown) => unknown = (x) => x
  let rest = args
  if (attr) {
    if (!args.length) throw new PyError('FilterArgumentError', 'Missing parameter for attribute name')
    getter = attrGetter(env, args[0])
    rest = args.slice(1)
  }
  let check: (x: unknown) => boolean
  if (!rest.length) check = (x) => truthy(x)
  else {
    const name = asStr(rest[0])
    const targs = rest.slice(1)
    if (!env.hasTest(name)) throw new PyError('TemplateRuntimeError', `No test named '${name}'.`)
    check = (x) => env.test(name, x, targs, kwargs)
  }
  return items.filter((x) => check(getter(x)) === want)
}

function doMap(env: TemplateEnv, v: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const items = pyIter(v)
  if (!args.length && Object.hasOwn(kwargs, 'attribute')) {
    const { attribute, default: dflt, ...rest } = kwargs
    if (Object.keys(rest).length) throw new PyError('FilterArgumentError', `Unexpected keyword argument ${pyRepr(Object.keys(rest)[0])}`)
    const g = attrGetter(env, attribute, undefined, normalize(dflt))
    return items.map(g)
  }
  if (!args.length) throw new PyError('FilterArgumentError', 'map requires a filter argument')
  const name = asStr(args[0])
  if (!env.hasFilter(name)) throw new PyError('TemplateRuntimeError', `No filter named '${name}'.`)
  return items.map((x) => env.filter(name, x, args.slice(1), kwargs))
}

function groupby(env: TemplateEnv, v: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const a = bind('groupby', args, kwargs, ['attribute', 'default', 'case_sensitive'], { case_sensitive: false })
  const key = attrGetter(env, a.attribute, a.case_sensitive ? undefined : ignoreCase, a.default)
  const out = attrGetter(env, a.attribute, undefined, a.default)
  const sorted = sortKeyed(pyIter(v), key, false)
  const groups: NamedTuple[] = []
  let curKey: unknown
  let cur: unknown[] | undefined
  for (const x of sorted) {
    const k = key(x)
    if (cur && pyEq(k, curKey)) cur.push(x)
    else {
      cur = [x]
      curKey = k
      groups.push(NamedTuple.make(['grouper', 'list'], [out(x), cur]))
    }
  }
  return groups
}

function truncate(s: string, length: number, killwords: boolean, end: string, leeway: number): string {
  if (length < end.length) throw new PyError('AssertionError', `expected length >= ${end.length}, got ${length}`)
  if (leeway < 0) throw new PyError('AssertionError', `expected leeway >= 0, got ${leeway}`)
  if (s.length <= length + leeway) return s
  if (killwords) return s.slice(0, length - end.length) + end
  const head = s.slice(0, length - end.length)
  const i = head.lastIndexOf(' ')
  return (i >= 0 ? head.slice(0, i) : head) + end
}

function indent(s: string, width: unknown, first: boolean, blank: boolean): string {
  const ind = typeof width === 'string' ? width : ' '.repeat(asInt(width))
  const text = s + '\n'
  let rv: string
  if (blank) rv = pySplitlines(text).join('\n' + ind)
  else {
    const lines = pySplitlines(text)
    rv = lines.shift() ?? ''
    if (lines.length) rv += '\n' + lines.map((l) => (l ? ind + l : l)).join('\n')
  }
  return first ? ind + rv : rv
}

function wordwrap(s: string, width: number, breakLong: boolean, wrap: string): string {
  const out: string[] = []
  for (const para of s.split(/\r\n|\r|\n/)) {
    const words = para.split(/\s+/).filter(Boolean)
    let line = ''
    for (let w of words) {
      while (breakLong && w.length > width) {
        if (line) {
          out.push(line)
          line = ''
        }
        out.push(w.slice(0, width))
        w = w.slice(width)
      }
      if (!line) line = w
      else if (line.length + 1 + w.length <= width) line += ' ' + w
      else {
        out.push(line)
        line = w
      }
    }
    out.push(line)
  }
  return out.join(wrap)
}

function filesizeformat(v: unknown, binary: boolean): string {
  const bytes = num(doFloat(v, mkFloat(0)) as number | PyFloat)
  const base = binary ? 1024 : 1000
  const prefixes = binary ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB']
  if (bytes === 1) return '1 Byte'
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`
  let unit = base
  let prefix = prefixes[0]
  for (let i = 0; i < prefixes.length; i++) {
    unit = Math.pow(base, i + 2)
    prefix = prefixes[i]
    if (bytes < unit) break
  }
  return `${((base * bytes) / unit).toFixed(1)} ${prefix}`
}

function jinjaTitle(s: string): string {
  return s.split(/([-\s({[<]+)/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join('')
}

function urlencode(v: unknown): string {
  const q = (s: string, safe: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%2F/g, safe.includes('/') ? '/' : '%2F')
  v = normalize(v)
  if (typeof v === 'string') return q(v, '/')
  const pairs: Array<[unknown, unknown]> = isDict(v) ? Object.entries(v) : pyIter(v).map((p) => pyIter(p) as [unknown, unknown])
  return pairs.map(([k, x]) => `${q(pyStr(k), '')}=${q(pyStr(x), '')}`).join('&')
}

export function jinjaFilters(): FilterTable {
  const dflt = {
    undefinedOk: true,
    fn: (_env: TemplateEnv, v: unknown, args: unknown[], kwargs: Record<string, unknown>) => {
      const a = bind('default', args, kwargs, ['default_value', 'boolean'], { default_value: '', boolean: false })
      if (v instanceof Undefined || (a.boolean && !truthy(v))) return a.default_value
      return v
    },
  }
  return {
    default: dflt,
    d: dflt,
    abs: (_e, v) => {
      if (typeof v === 'boolean') return v ? 1 : 0
      if (isFloat(v)) return mkFloat(Math.abs(num(v)))
      if (isInt(v)) return Math.abs(v)
      throw new PyError('TypeError', `bad operand type for abs(): '${typeName(v)}'`)
    },
    attr: (env, v, args) => {
      const name = asStr(args[0])
      return isDict(v) ? new Undefined(`'dict object' has no attribute '${name}'`, name) : env.getAttr(v, name)
    },
    batch: (_e, v, args, kw) => {
      const a = bind('batch', args, kw, ['linecount', 'fill_with'])
      const n = asInt(a.linecount)
      if (n <= 0) throw new PyError('ValueError', 'batch size must be positive')
      const items = pyIter(v)
      const out: unknown[][] = []
      for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n))
      if (a.fill_with !== null && out.length && out[out.length - 1].length < n) {
        const last = out[out.length - 1]
        while (last.length < n) last.push(a.fill_with)
      }
      return out
    },
    capitalize: (_e, v) => pyCapitalize(asStr(v)),
    center: (_e, v, args, kw) => {
      const a = bind('center', args, kw, ['width'], { width: 80 })
      const s = asStr(v)
      const w = asInt(a.width)
      const n = w - s.length
      if (n <= 0) return s
      const left = Math.floor(n / 2) + (n & w & 1)
      return ' '.repeat(left) + s + ' '.repeat(n - left)
    },
    count: (_e, v) => pyLen(v),
    length: (_e, v) => pyLen(v),
    dictsort: (_e, v, args, kw) => {
      const a = bind('dictsort', args, kw, ['case_sensitive', 'by', 'reverse'], { case_sensitive: false, by: 'key', reverse: false })
      if (!isDict(v)) throw new PyError('TypeError', 'dictsort filter expects a dict')
      const pos = a.by === 'key' ? 0 : a.by === 'value' ? 1 : -1
      if (pos < 0) throw new PyError('FilterArgumentError', 'You can only sort by either "key" or "value"')
      const items = Object.keys(v).map((k) => Tuple.of2([k, v[k]]))
      return sortKeyed(items, (t) => {
        const x = (t as unknown[])[pos]
        return a.case_sensitive ? x : ignoreCase(x)
      }, truthy(a.reverse))
    },
    escape: (_e, v) => htmlEscape(asStr(v)),
    e: (_e, v) => htmlEscape(asStr(v)),
    forceescape: (_e, v) => htmlEscape(asStr(v)),
    safe: (_e, v) => v,
    filesizeformat: (_e, v, args, kw) => filesizeformat(v, truthy(bind('filesizeformat', args, kw, ['binary'], { binary: false }).binary)),
    first: (_e, v) => firstLast(v, false),
    last: (_e, v) => firstLast(v, true),
    float: (_e, v, args, kw) => doFloat(v, bind('float', args, kw, ['default'], { default: mkFloat(0) }).default),
    int: (_e, v, args, kw) => {
      const a = bind('int', args, kw, ['default', 'base'], { default: 0, base: 10 })
      return doInt(v, a.default, asInt(a.base))
    },
    format: (_e, v, args, kw) => {
      if (args.length && Object.keys(kw).length) throw new PyError('FilterArgumentError', "can't handle positional and keyword arguments at the same time")
      return percentFormat(asStr(v), Object.keys(kw).length ? kw : Tuple.of2(args))
    },
    groupby: groupby,
    indent: (_e, v, args, kw) => {
      const a = bind('indent', args, kw, ['width', 'first', 'blank'], { width: 4, first: false, blank: false })
      return indent(asStr(v), a.width, truthy(a.first), truthy(a.blank))
    },
    items: (_e, v) => {
      if (v instanceof Undefined) return []
      if (!isDict(v)) throw new PyError('TypeError', 'Can only get item pairs from a mapping.')
      return Object.keys(v).map((k) => Tuple.of2([k, v[k]]))
    },
    join: (env, v, args, kw) => {
      const a = bind('join', args, kw, ['d', 'attribute'], { d: '' })
      let items = pyIter(v)
      if (a.attribute !== null) items = items.map(attrGetter(env, a.attribute))
      return items.map((x) => asStr(x)).join(asStr(a.d))
    },
    list: (_e, v) => [...pyIter(v)],
    lower: (_e, v) => asStr(v).toLowerCase(),
    upper: (_e, v) => asStr(v).toUpperCase(),
    map: doMap,
    max: (env, v, args, kw) => minMax(env, v, args, kw, true),
    min: (env, v, args, kw) => minMax(env, v, args, kw, false),
    pprint: (_e, v) => pyRepr(v),
    random: (_e, v) => {
      const items = pyIter(v)
      if (!items.length) throw new PyError('IndexError', 'Cannot choose from an empty sequence')
      return items[Math.floor(Math.random() * items.length)]
    },
    reject: (env, v, args, kw) => selectOrReject(env, v, args, kw, false, false),
    rejectattr: (env, v, args, kw) => selectOrReject(env, v, args, kw, true, false),
    select: (env, v, args, kw) => selectOrReject(env, v, args, kw, false, true),
    selectattr: (env, v, args, kw) => selectOrReject(env, v, args, kw, true, true),
    replace: (_e, v, args, kw) => {
      const a = bind('replace', args, kw, ['old', 'new', 'count'])
      const s = asStr(v)
      const old = asStr(a.old)
      const neu = asStr(a.new)
      if (a.count === null) return s.split(old).join(neu)
      const parts = s.split(old)
      const n = asInt(a.count)
      return parts.slice(0, n + 1).join(neu) + (parts.length > n + 1 ? old + parts.slice(n + 1).join(old) : '')
    },
    reverse: (_e, v) => {
      if (typeof v === 'string') return Array.from(v).reverse().join('')
      return [...pyIter(v)].reverse()
    },
    round: (_e, v, args, kw) => {
      const a = bind('round', args, kw, ['precision', 'method'], { precision: 0, method: 'common' })
      const x = num(v)
      const p = asInt(a.precision)
      const m = Math.pow(10, p)
      if (a.method === 'ceil') return mkFloat(Math.ceil(x * m) / m)
      if (a.method === 'floor') return mkFloat(Math.floor(x * m) / m)
      if (a.method !== 'common') throw new PyError('FilterArgumentError', 'method must be common, ceil or floor')
      return mkFloat(pyRound(x, p))
    },
    slice: (_e, v, args, kw) => {
      const a = bind('slice', args, kw, ['slices', 'fill_with'])
      const seq = pyIter(v)
      const slices = asInt(a.slices)
      const per = Math.floor(seq.length / slices)
      const extra = seq.length % slices
      let offset = 0
      const out: unknown[][] = []
      for (let i = 0; i < slices; i++) {
        const start = offset + i * per
        if (i < extra) offset++
        const end = offset + (i + 1) * per
        const tmp = seq.slice(start, end)
        if (a.fill_with !== null && i >= extra) tmp.push(a.fill_with)
        out.push(tmp)
      }
      return out
    },
    sort: (env, v, args, kw) => {
      const a = bind('sort', args, kw, ['reverse', 'case_sensitive', 'attribute'], { reverse: false, case_sensitive: false })
      const post = a.case_sensitive ? undefined : ignoreCase
      const key = a.attribute !== null ? attrGetter(env, a.attribute, post) : (x: unknown) => (post ? post(x) : x)
      return sortKeyed(pyIter(v), key, truthy(a.reverse))
    },
    string: { stringType: true, fn: (_e, v) => asStr(v) },
    striptags: (_e, v) => asStr(v).replace(/<!--[\s\S]*?-->|<[^>]*>/g, '').replace(/\s+/g, ' ').trim().replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'"),
    sum: (env, v, args, kw) => {
      const a = bind('sum', args, kw, ['attribute', 'start'], { start: 0 })
      let items = pyIter(v)
      if (a.attribute !== null) items = items.map(attrGetter(env, a.attribute))
      let acc: unknown = a.start
      for (const x of items) {
        const n = normalize(x)
        if (!isNumber(n) && typeof n !== 'boolean') throw new PyError('TypeError', `unsupported operand type(s) for +: '${typeName(acc)}' and '${typeName(n)}'`)
        const r = num(acc) + num(n)
        acc = isFloat(acc) || isFloat(n) ? mkFloat(r) : r
      }
      return acc
    },
    title: (_e, v) => jinjaTitle(asStr(v)),
    tojson: {
      stringType: true,
      fn: (_e, v, args, kw) => {
        const a = bind('tojson', args, kw, ['indent'])
        return pyJsonDumps(v, { sortKeys: true, indent: a.indent === null ? undefined : asInt(a.indent), ensureAscii: true })
          .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/'/g, '\\u0027')
      },
    },
    trim: (_e, v, args, kw) => {
      const a = bind('trim', args, kw, ['chars'])
      return pyStrip(asStr(v), a.chars === null ? undefined : asStr(a.chars), true, true)
    },
    truncate: (_e, v, args, kw) => {
      const a = bind('truncate', args, kw, ['length', 'killwords', 'end', 'leeway'], { length: 255, killwords: false, end: '...', leeway: 5 })
      return truncate(asStr(v), asInt(a.length), truthy(a.killwords), asStr(a.end), asInt(a.leeway))
    },
    unique: (env, v, args, kw) => {
      const a = bind('unique', args, kw, ['case_sensitive', 'attribute'], { case_sensitive: false })
      return uniqueList(env, pyIter(v), truthy(a.case_sensitive), a.attribute)
    },
    urlencode: (_e, v) => urlencode(v),
    wordcount: (_e, v) => (asStr(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length,
    wordwrap: (_e, v, args, kw) => {
      const a = bind('wordwrap', args, kw, ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'], { width: 79, break_long_words: true, break_on_hyphens: true })
      return wordwrap(asStr(v), asInt(a.width), truthy(a.break_long_words), a.wrapstring === null ? '\n' : asStr(a.wrapstring))
    },
    xmlattr: (_e, v, args, kw) => {
      const a = bind('xmlattr', args, kw, ['autospace'], { autospace: true })
      if (!isDict(v)) throw new PyError('TypeError', 'xmlattr expects a dict')
      const parts = Object.keys(v).filter((k) => v[k] !== null && !(v[k] instanceof Undefined)).map((k) => `${htmlEscape(k)}="${htmlEscape(pyStr(v[k]))}"`)
      const s = parts.join(' ')
      return s && truthy(a.autospace) ? ' ' + s : s
    },
  }
}

/** Order-preserving unique, as Jinja's unique (case-insensitive unless asked). */
export function uniqueList(env: TemplateEnv, items: unknown[], caseSensitive: boolean, attribute: unknown): unknown[] {
  const key = attribute !== null && attribute !== undefined ? attrGetter(env, attribute, caseSensitive ? undefined : ignoreCase) : (x: unknown) => (caseSensitive ? x : ignoreCase(x))
  const seen: unknown[] = []
  const out: unknown[] = []
  for (const x of items) {
    const k = key(x)
    if (!seen.some((s) => pyEq(s, k))) {
      seen.push(k)
      out.push(x)
    }
  }
  return out
}

export interface JsonOpts {
  sortKeys?: boolean
  indent?: number
  ensureAscii?: boolean
  separators?: [string, string]
}

/** Python's json.dumps (ensure_ascii, separators, indent, sort_keys as Python prints them). */
export function pyJsonDumps(v: unknown, o: JsonOpts = {}, level = 0): string {
  v = normalize(v)
  const [itemSep, keySep] = o.separators ?? (o.indent !== undefined ? [',', ': '] : [', ', ': '])
  const nl = o.indent !== undefined ? '\n' + ' '.repeat(o.indent * (level + 1)) : ''
  const nlEnd = o.indent !== undefined ? '\n' + ' '.repeat(o.indent * level) : ''
  if (v === null) return 'null'
  if (v instanceof Undefined) failUndefined(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN'
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity'
    return Number.isInteger(v) ? String(v) : floatRepr(v)
  }
  if (v instanceof PyFloat) return floatRepr(v.value)
  if (typeof v === 'string') return jsonStr(v, o.ensureAscii !== false)
  if (Array.isArray(v)) {
    if (!v.length) return '[]'
    return '[' + nl + v.map((x) => pyJsonDumps(x, o, level + 1)).join(itemSep + nl) + nlEnd + ']'
  }
  if (isDict(v)) {
    let keys = Object.keys(v)
    if (!keys.length) return '{}'
    if (o.sortKeys) keys = [...keys].sort()
    return '{' + nl + keys.map((k) => jsonStr(k, o.ensureAscii !== false) + keySep + pyJsonDumps(v[k], o, level + 1)).join(itemSep + nl) + nlEnd + '}'
  }
  if (v instanceof PyCallable) throw new PyError('TypeError', 'Object of type function is not JSON serializable')
  return jsonStr(pyStr(v), o.ensureAscii !== false)
}

function jsonStr(s: string, ascii: boolean): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const ch = s[i]
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\b') out += '\\b'
    else if (ch === '\f') out += '\\f'
    else if (c < 0x20 || (ascii && c > 0x7e)) out += '\\u' + c.toString(16).padStart(4, '0')
    else out += ch
  }
  return out + '"'
}


