/** Ansible's core filters (lib/ansible/plugins/filter/core.py, urls, urlsplit), 2.14 semantics. */
import { createHash, randomUUID } from 'node:crypto'
import { existsSync, realpathSync, statSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { posix } from 'node:path'
import { PyDatetime, strftime, strptime } from '../datetime.js'
import { pySplit } from '../methods.js'
import { escapePy, pyFindall, pySub } from '../pyregex.js'
import type { FilterTable, TemplateEnv } from '../registry.js'
import {
  PyError, Tuple, Undefined, dictKey, failUndefined, isDict, isNumber, newDict, normalize, num, pyEq, pyIter, pyStr,
  setKey, truthy, typeName,
} from '../values.js'
import { asInt, asStr, bind } from './args.js'
import { pyJsonDumps } from './jinja.js'
import { fromYaml, fromYamlAll, toYaml } from './yaml-dump.js'

export class FilterError extends PyError {
  constructor(message: string) {
    super('AnsibleFilterError', message)
  }
}

/** Ansible's to_bool: yes/on/1/true (any case) and 1 are true; None stays None. */
export function toBool(v: unknown): boolean | null {
  v = normalize(v)
  if (v === null || typeof v === 'boolean') return v
  const s = typeof v === 'string' ? v.toLowerCase() : v
  if (s === 'yes' || s === 'on' || s === '1' || s === 'true' || (isNumber(s) && num(s) === 1)) return true
  return false
}

function requireDict(v: unknown, what: string): Record<string, unknown> {
  if (!isDict(v)) throw new FilterError(`${what} expects a dictionary, got ${typeName(v)}`)
  return v
}

export function mergeHash(x: Record<string, unknown>, y: Record<string, unknown>, recursive: boolean, listMerge: string): Record<string, unknown> {
  const out: Record<string, unknown> = newDict()
  for (const k of Object.keys(x)) setKey(out, k, x[k])
  for (const k of Object.keys(y)) {
    const yv = normalize(y[k])
    if (!Object.hasOwn(out, k)) {
      setKey(out, k, yv)
      continue
    }
    const xv = normalize(out[k])
    if (isDict(xv) && isDict(yv)) {
      setKey(out, k, recursive ? mergeHash(xv, yv, recursive, listMerge) : yv)
      continue
    }
    if (Array.isArray(xv) && Array.isArray(yv) && !(xv instanceof Tuple) && !(yv instanceof Tuple)) {
      const notIn = (a: unknown[], b: unknown[]) => a.filter((z) => !b.some((w) => pyEq(z, w)))
      switch (listMerge) {
        case 'replace': setKey(out, k, yv); break
        case 'append': setKey(out, k, [...xv, ...yv]); break
        case 'prepend': setKey(out, k, [...yv, ...xv]); break
        case 'append_rp': setKey(out, k, [...notIn(xv, yv), ...yv]); break
        case 'prepend_rp': setKey(out, k, [...yv, ...notIn(xv, yv)]); break
        // keep: leave x's list
      }
      continue
    }
    setKey(out, k, yv)
  }
  return out
}

function checkDefinedDeep(v: unknown): void {
  v = normalize(v)
  if (v instanceof Undefined) throw new FilterError(`${v.message}`)
  if (Array.isArray(v)) v.forEach(checkDefinedDeep)
  else if (isDict(v)) Object.values(v).forEach(checkDefinedDeep)
}

export function flatten(list: unknown[], levels: number | null, skipNulls: boolean): unknown[] {
  const out: unknown[] = []
  for (const elIn of list) {
    const el = normalize(elIn)
    if (skipNulls && (el === null || el === 'None' || el === 'null')) continue
    if (Array.isArray(el)) {
      if (levels === null) out.push(...flatten(el, null, skipNulls))
      else if (levels >= 1) out.push(...flatten(el, levels - 1, skipNulls))
      else out.push(el)
    } else out.push(el)
  }
  return out
}

function shellQuote(s: string): string {
  if (s === '') return "''"
  if (!/[^\w@%+=:,./-]/.test(s)) return s
  return "'" + s.replace(/'/g, `'"'"'`) + "'"
}

function regex(env: TemplateEnv, pattern: string, flags: { ignorecase?: boolean; multiline?: boolean }): RegExp {
  return env.regex(pattern, flags)
}

function textOf(v: unknown): string {
  v = normalize(v)
  if (v instanceof Undefined) failUndefined(v)
  return pyStr(v)
}

function hashOf(data: string, algo: string): string {
  const map: Record<string, string> = { sha1: 'sha1', md5: 'md5', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', blake2b: 'blake2b512', blake2s: 'blake2s256', sha3_256: 'sha3-256', sha3_512: 'sha3-512' }
  const a = map[algo]
  if (!a) return ''
  return createHash(a).update(data, 'utf8').digest('hex')
}

function uuid5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex')
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest()
  h[6] = (h[6] & 0x0f) | 0x50
  h[8] = (h[8] & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`
}

function globFiles(pattern: string): string[] {
  // fileglob: * ? [..] within path segments, files only
  const abs = pattern.startsWith('/')
  const segs = pattern.split('/').filter((s, i) => s !== '' || i === 0)
  let paths = [abs ? '/' : '.']
  for (const seg of segs.slice(abs ? 1 : 0)) {
    const next: string[] = []
    const isGlob = /[*?[]/.test(seg)
    for (const p of paths) {
      if (!isGlob) {
        const c = posix.join(p, seg)
        if (existsSync(c)) next.push(c)
        continue
      }
      const re = new RegExp('^' + seg.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$')
      let entries: string[] = []
      try {
        entries = readdirSync(p)
      } catch {
        continue
      }
      for (const e of entries.sort()) if (re.test(e) && (seg.startsWith('.') || !e.startsWith('.'))) next.push(posix.join(p, e))
    }
    paths = next
  }
  return paths.filter((p) => {
    try {
      return statSync(p).isFile()
    } catch {
      return false
    }
  }).map((p) => (abs ? p : p.replace(/^\.\//, '')))
}

function humanReadable(size: number, isbits: boolean, unit: string | null): string {
  const ranges: Array<[string, number]> = [['Y', 2 ** 80], ['Z', 2 ** 70], ['E', 2 ** 60], ['P', 2 ** 50], ['T', 2 ** 40], ['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10], ['B', 1]]
  const base = isbits ? 'bits' : 'Bytes'
  let suffix = ''
  let limit = 1
  for ([suffix, limit] of ranges) {
    if ((unit === null && size >= limit) || (unit !== null && unit.toUpperCase() === suffix[0])) break
  }
  suffix = limit !== 1 ? suffix + base[0] : base
  return `${(size / limit).toFixed(2)} ${suffix}`
}

function humanToBytes(v: unknown, defaultUnit: string | null, isbits: boolean): number {
  const s = pyStr(v)
  const m = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?/.exec(s)
  if (!m || m[1] === '' || m[1] === '.') throw new FilterError(`human_to_bytes() can't interpret following string: ${s}`)
  const n = Number(m[1])
  const unit = m[2] ?? defaultUnit
  if (!unit) return Math.round(n)
  const ranges: Record<string, number> = { Y: 2 ** 80, Z: 2 ** 70, E: 2 ** 60, P: 2 ** 50, T: 2 ** 40, G: 2 ** 30, M: 2 ** 20, K: 2 ** 10, B: 1 }
  const key = unit[0].toUpperCase()
  if (!(key in ranges)) throw new FilterError(`human_to_bytes() can't interpret following string: ${s}`)
  const cls = isbits ? 'b' : 'B'
  const clsName = isbits ? 'bit' : 'byte'
  if (unit.length > 1 && !unit.toLowerCase().includes(clsName) && unit[1] !== cls) {
    throw new FilterError(`human_to_bytes() can't interpret following string: ${s}`)
  }
  return Math.round(n * ranges[key])
}

function urlsplit(value: string, query: string): unknown {
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(value)!
  const netloc = m[2] ?? ''
  const hm = /^(?:([^:@]*)(?::([^@]*))?@)?(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(netloc)
  const host = hm?.[3] ? hm[3].replace(/^\[|\]$/g, '').toLowerCase() : null
  const res: Record<string, unknown> = {
    fragment: m[5] ?? '', hostname: host || null, netloc, password: hm?.[2] ?? null, path: m[3],
    port: hm?.[4] ? Number(hm[4]) : null, query: m[4] ?? '', scheme: (m[1] ?? '').toLowerCase(), username: hm?.[1] ?? null,
  }
  if (query) {
    if (!Object.hasOwn(res, query)) throw new FilterError(`urlsplit: unknown URL component: ${query}`)
    return res[query]
  }
  return res
}

export function ansibleFilters(): FilterTable {
  return {
    bool: (_e, v) => toBool(v),
    ternary: (_e, v, args, kw) => {
      const a = bind('ternary', args, kw, ['true_val', 'false_val', 'none_val'])
      if (v === null && a.none_val !== null) return a.none_val
      return truthy(v) ? a.true_val : a.false_val
    },
    mandatory: {
      undefinedOk: true,
      fn: (_e, v, args, kw) => {
        const a = bind('mandatory', args, kw, ['msg'])
        if (v instanceof Undefined) {
          if (a.msg !== null) throw new FilterError(asStr(a.msg))
          throw new FilterError(`Mandatory variable ${v.name !== undefined ? `'${v.name}' ` : ''} not defined.`)
        }
        return v
      },
    },
    type_debug: { undefinedOk: true, fn: (_e, v) => typeName(v) },
    to_json: {
      stringType: true,
      fn: (_e, v, args, kw) => {
        const a = bind('to_json', args, kw, ['indent', 'sort_keys', 'ensure_ascii', 'separators', 'vault_to_text', 'preprocess_unsafe'], { sort_keys: false, ensure_ascii: true })
        const sep = a.separators === null ? undefined : (pyIter(a.separators).map((x) => asStr(x)) as [string, string])
        return pyJsonDumps(v, { indent: a.indent === null ? undefined : asInt(a.indent), sortKeys: truthy(a.sort_keys), ensureAscii: truthy(a.ensure_ascii), separators: sep })
      },
    },
    to_nice_json: {
      stringType: true,
      fn: (_e, v, args, kw) => {
        const a = bind('to_nice_json', args, kw, ['indent', 'sort_keys', 'ensure_ascii', 'vault_to_text', 'preprocess_unsafe'], { indent: 4, sort_keys: true, ensure_ascii: true })
        return pyJsonDumps(v, { indent: asInt(a.indent), sortKeys: truthy(a.sort_keys), ensureAscii: truthy(a.ensure_ascii), separators: [',', ': '] })
      },
    },
    from_json: (_e, v) => {
      try {
        return JSON.parse(textOf(v))
      } catch (e) {
        throw new PyError('JSONDecodeError', (e as Error).message)
      }
    },
    to_yaml: {
      stringType: true,
      fn: (_e, v, args, kw) => {
        const a = bind('to_yaml', args, kw, ['default_flow_style', 'indent', 'width', 'sort_keys', 'explicit_start', 'explicit_end', 'allow_unicode'], { sort_keys: true })
        return toYaml(v, { flow: a.default_flow_style === null ? null : truthy(a.default_flow_style), indent: a.indent === null ? 2 : asInt(a.indent), width: a.width === null ? 80 : asInt(a.width), sortKeys: truthy(a.sort_keys), explicitStart: truthy(a.explicit_start), explicitEnd: truthy(a.explicit_end) })
      },
    },
    to_nice_yaml: {
      stringType: true,
      fn: (_e, v, args, kw) => {
        const a = bind('to_nice_yaml', args, kw, ['indent', 'width', 'sort_keys', 'explicit_start', 'explicit_end', 'allow_unicode', 'default_flow_style'], { indent: 4, sort_keys: true })
        return toYaml(v, { flow: false, indent: asInt(a.indent), width: a.width === null ? 80 : asInt(a.width), sortKeys: truthy(a.sort_keys), explicitStart: truthy(a.explicit_start), explicitEnd: truthy(a.explicit_end) })
      },
    },
    from_yaml: (_e, v) => (typeof v === 'string' ? fromYaml(v) : v),
    from_yaml_all: (_e, v) => (typeof v === 'string' ? fromYamlAll(v) : v),
    regex_replace: (env, v, args, kw) => {
      const a = bind('regex_replace', args, kw, ['pattern', 'replacement', 'ignorecase', 'multiline', 'count'], { pattern: '', replacement: '', ignorecase: false, multiline: false, count: 0 })
      const re = regex(env, asStr(a.pattern), { ignorecase: truthy(a.ignorecase), multiline: truthy(a.multiline) })
      return pySub(re, asStr(a.replacement), textOf(v), asInt(a.count))
    },
    regex_findall: (env, v, args, kw) => {
      const a = bind('regex_findall', args, kw, ['regex', 'multiline', 'ignorecase'], { multiline: false, ignorecase: false })
      return pyFindall(regex(env, asStr(a.regex), { ignorecase: truthy(a.ignorecase), multiline: truthy(a.multiline) }), textOf(v)).map((x) => (Array.isArray(x) ? Tuple.of2(x) : x))
    },
    regex_search: (env, v, args, kw) => {
      if (!args.length) throw new PyError('TypeError', "regex_search() missing 1 required positional argument: 'regex'")
      const groups: Array<number | string> = []
      for (const arg of args.slice(1).map((x) => asStr(x))) {
        let m: RegExpExecArray | null
        if ((m = /^\\g<(\S+)>/.exec(arg))) groups.push(m[1])
        else if ((m = /^\\(\d+)/.exec(arg))) groups.push(Number(m[1]))
        else throw new FilterError('Unknown argument')
      }
      const re = regex(env, asStr(args[0]), { ignorecase: truthy(normalize(kw.ignorecase)), multiline: truthy(normalize(kw.multiline)) })
      const m = re.exec(textOf(v))
      if (!m) return null
      if (!groups.length) return m[0]
      return groups.map((g) => (typeof g === 'number' ? m[g] ?? null : m.groups?.[g] ?? null))
    },
    regex_escape: (_e, v, args, kw) => {
      const a = bind('regex_escape', args, kw, ['re_type'], { re_type: 'python' })
      const s = asStr(v)
      if (a.re_type === 'posix_basic') return s.replace(/[.[\]\\*^$]/g, '\\$&')
      if (a.re_type !== 'python') throw new FilterError(`Invalid regex type (${pyStr(a.re_type)})`)
      return escapePy(s)
    },
    quote: (_e, v) => shellQuote(v === null ? '' : textOf(v)),
    split: (_e, v, args, kw) => {
      const a = bind('split', args, kw, ['sep', 'maxsplit'], { maxsplit: -1 })
      return pySplit(asStr(v), a.sep === null ? undefined : asStr(a.sep), asInt(a.maxsplit))
    },
    combine: (_e, v, args, kw) => {
      const { recursive = false, list_merge = 'replace', ...rest } = kw
      if (Object.keys(rest).length) throw new FilterError("'recursive' and 'list_merge' are the only valid keyword arguments")
      const lm = asStr(list_merge)
      if (!['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp'].includes(lm)) {
        throw new FilterError("merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'")
      }
      const dicts = flatten([v, ...args], 1, true)
      checkDefinedDeep(dicts)
      if (!dicts.length) return newDict()
      let acc = requireDict(normalize(dicts[0]), 'combine')
      for (const d of dicts.slice(1)) acc = mergeHash(acc, requireDict(normalize(d), 'combine'), truthy(normalize(recursive)), lm)
      return acc
    },
    dict2items: (_e, v, args, kw) => {
      const a = bind('dict2items', args, kw, ['key_name', 'value_name'], { key_name: 'key', value_name: 'value' })
      if (!isDict(v)) throw new FilterError(`dict2items requires a dictionary, got ${typeName(v)} instead.`)
      return Object.keys(v).map((k) => {
        const d = newDict()
        setKey(d, asStr(a.key_name), k)
        setKey(d, asStr(a.value_name), v[k])
        return d
      })
    },
    items2dict: (_e, v, args, kw) => {
      const a = bind('items2dict', args, kw, ['key_name', 'value_name'], { key_name: 'key', value_name: 'value' })
      if (!Array.isArray(v)) throw new FilterError(`items2dict requires a list, got ${typeName(v)} instead.`)
      const out = newDict()
      for (const it of v) {
        const d = normalize(it)
        if (!isDict(d)) throw new FilterError(`items2dict requires a list of dictionaries, got ${typeName(d)} instead.`)
        const kn = asStr(a.key_name)
        const vn = asStr(a.value_name)
        if (!Object.hasOwn(d, kn) || !Object.hasOwn(d, vn)) throw new FilterError(`items2dict requires each dictionary in the list to contain the keys '${kn}' and '${vn}'`)
        setKey(out, dictKey(d[kn]), d[vn])
      }
      return out
    },
    flatten: (_e, v, args, kw) => {
      const a = bind('flatten', args, kw, ['levels', 'skip_nulls'], { skip_nulls: true })
      return flatten(pyIter(v), a.levels === null ? null : asInt(a.levels), truthy(a.skip_nulls))
    },
    extract: (env, v, args, kw) => {
      const a = bind('extract', args, kw, ['container', 'morekeys'])
      let r = env.getItem(a.container, v)
      if (a.morekeys !== null) {
        const keys = Array.isArray(a.morekeys) ? a.morekeys : [a.morekeys]
        for (const k of keys) r = env.getItem(r, k)
      }
      return r
    },
    subelements: (_env, v, args, kw) => {
      const a = bind('subelements', args, kw, ['subelements', 'skip_missing'], { skip_missing: false })
      const list = isDict(v) ? Object.values(v) : pyIter(v)
      const path = typeof a.subelements === 'string' ? a.subelements.split('.') : pyIter(a.subelements).map((x) => asStr(x))
      const out: unknown[] = []
      for (const el of list) {
        let values: unknown = el
        let missing = false
        for (const p of path) {
          values = normalize(values)
          if (isDict(values) && Object.hasOwn(values, p)) values = values[p]
          else if (truthy(a.skip_missing)) {
            missing = true
            break
          } else throw new FilterError(`could not find '${p}' key in iterated item '${pyStr(el)}'`)
        }
        if (missing) continue
        if (!Array.isArray(normalize(values))) throw new FilterError('the key ' + path.join('.') + ' should point to a list')
        for (const x of normalize(values) as unknown[]) out.push(Tuple.of2([el, x]))
      }
      return out
    },
    comment: (_e, v, args, kw) => {
      const styles: Record<string, Record<string, string>> = {
        plain: { decoration: '# ' }, erlang: { decoration: '% ' }, c: { decoration: '// ' },
        cblock: { beginning: '/*', decoration: ' * ', end: ' */' }, xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
      }
      const style = args.length ? asStr(args[0]) : 'plain'
      const sp = styles[style]
      if (!sp) throw new FilterError(`unknown comment style ${style}`)
      const pre = Object.hasOwn(kw, 'decoration') ? asStr(kw.decoration) : sp.decoration
      const p: Record<string, unknown> = { newline: '\n', beginning: '', prefix: pre.trimEnd(), prefix_count: 1, decoration: '', postfix: pre.trimEnd(), postfix_count: 1, end: '', ...sp }
      for (const k of Object.keys(kw)) p[k] = normalize(kw[k])
      const nl = asStr(p.newline)
      const deco = asStr(p.decoration)
      const beginning = p.beginning ? asStr(p.beginning) + nl : ''
      let prefix = ''
      if (p.prefix) prefix = (p.prefix !== nl ? asStr(p.prefix) + nl : nl).repeat(asInt(p.prefix_count))
      const text = (deco + asStr(v).split(nl).join(nl + deco)).split(deco + nl).join(deco.trimEnd() + nl)
      const postfix = ['', ...Array.from({ length: asInt(p.postfix_count) }, () => asStr(p.postfix))].join(nl)
      const end = p.end ? nl + asStr(p.end) : ''
      return beginning + prefix + text + postfix + end
    },
    b64encode: (_e, v) => Buffer.from(textOf(v), 'utf8').toString('base64'),
    b64decode: (_e, v) => Buffer.from(textOf(v), 'base64').toString('utf8'),
    md5: (_e, v) => hashOf(textOf(v), 'md5'),
    sha1: (_e, v) => hashOf(textOf(v), 'sha1'),
    checksum: (_e, v) => hashOf(textOf(v), 'sha1'),
    hash: (_e, v, args, kw) => {
      const a = bind('hash', args, kw, ['hashtype'], { hashtype: 'sha1' })
      const h = hashOf(textOf(v), asStr(a.hashtype))
      return h || null
    },
    to_uuid: (_e, v, args, kw) => {
      const a = bind('to_uuid', args, kw, ['namespace'], { namespace: '361E6D51-FAEC-444A-9079-341386DA8E2E' })
      return uuid5(textOf(v), asStr(a.namespace))
    },
    basename: (_e, v) => asStr(v).slice(asStr(v).lastIndexOf('/') + 1),
    dirname: (_e, v) => {
      const s = asStr(v)
      const i = s.lastIndexOf('/')
      if (i < 0) return ''
      const head = s.slice(0, i + 1)
      return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '')
    },
    expanduser: (_e, v) => asStr(v).replace(/^~(?=\/|$)/, homedir()),
    expandvars: (_e, v) => asStr(v).replace(/\$(\w+)|\$\{([^}]+)\}/g, (m, a: string, b: string) => process.env[a ?? b] ?? m),
    realpath: (_e, v) => {
      const p = posix.resolve(asStr(v))
      try {
        return realpathSync(p)
      } catch {
        return p
      }
    },
    relpath: (_e, v, args) => posix.relative(args.length ? asStr(args[0]) : process.cwd(), asStr(v)) || '.',
    splitext: (_e, v) => {
      const s = asStr(v)
      const base = s.slice(s.lastIndexOf('/') + 1)
      const dot = base.lastIndexOf('.')
      if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1))) return Tuple.of2([s, ''])
      const cut = s.length - (base.length - dot)
      return Tuple.of2([s.slice(0, cut), s.slice(cut)])
    },
    path_join: (_e, v) => {
      if (typeof v === 'string') return v
      const parts = pyIter(v).map((x) => asStr(x))
      let out = ''
      for (const p of parts) {
        if (p.startsWith('/')) out = p
        else if (!out || out.endsWith('/')) out += p
        else out += '/' + p
      }
      return out
    },
    fileglob: (_e, v) => globFiles(asStr(v)),
    strftime: (_e, v, args, kw) => {
      const a = bind('strftime', args, kw, ['second', 'utc'], { utc: false })
      const secs = a.second === null ? Date.now() / 1000 : typeof a.second === 'string' ? Number(a.second) : num(a.second)
      return strftime(new Date(secs * 1000), asStr(v), truthy(a.utc))
    },
    to_datetime: (_e, v, args, kw) => {
      const a = bind('to_datetime', args, kw, ['format'], { format: '%Y-%m-%d %H:%M:%S' })
      return new PyDatetime(strptime(asStr(v), asStr(a.format)), false)
    },
    random: (_e, v, args, kw) => {
      const a = bind('random', args, kw, ['start', 'step', 'seed'], { start: 0, step: 1 })
      if (isNumber(v)) {
        const end = num(v)
        const start = asInt(a.start)
        const step = asInt(a.step)
        const n = Math.ceil((end - start) / step)
        return start + Math.floor(Math.random() * n) * step
      }
      const items = pyIter(v)
      if (!items.length) throw new FilterError('random: empty sequence')
      return items[Math.floor(Math.random() * items.length)]
    },
    shuffle: (_e, v) => {
      const items = [...pyIter(v)]
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1))
        ;[items[i], items[j]] = [items[j], items[i]]
      }
      return items
    },
    human_readable: (_e, v, args, kw) => {
      const a = bind('human_readable', args, kw, ['isbits', 'unit'], { isbits: false })
      if (!isNumber(v) && typeof v !== 'string') throw new FilterError(`human_readable() failed on bad input`)
      const n = typeof v === 'string' ? Number(v) : num(v)
      if (Number.isNaN(n)) throw new FilterError(`human_readable() can't interpret following string: ${pyStr(v)}`)
      return humanReadable(n, truthy(a.isbits), a.unit === null ? null : asStr(a.unit))
    },
    human_to_bytes: (_e, v, args, kw) => {
      const a = bind('human_to_bytes', args, kw, ['default_unit', 'isbits'], { isbits: false })
      return humanToBytes(v, a.default_unit === null ? null : asStr(a.default_unit), truthy(a.isbits))
    },
    urlsplit: (_e, v, args, kw) => urlsplit(asStr(v), asStr(bind('urlsplit', args, kw, ['query'], { query: '' }).query)),
    urldecode: (_e, v) => decodeURIComponent(asStr(v).replace(/\+/g, ' ')),
    win_basename: (_e, v) => asStr(v).split(/[\\/]/).pop() ?? '',
    uuid: () => randomUUID(),
  }
}
