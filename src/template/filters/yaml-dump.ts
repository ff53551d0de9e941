/**
 * YAML output as PyYAML's yaml.dump prints it (Ansible's to_yaml / to_nice_yaml): sorted keys,
 * YAML 1.1 quoting rules, flow style for collections of plain scalars when default_flow_style is
 * None, indentless sequences in mappings, single-quoted multi-line strings, `...` after a root
 * plain scalar. Reading uses the yaml package with the YAML 1.1 schema, as PyYAML's safe_load.
 */
import { parse, parseAllDocuments } from 'yaml'
import { PyError, PyFloat, Undefined, failUndefined, isDict, normalize, pyStr } from '../values.js'

export interface YamlOpts {
  flow: boolean | null
  indent: number
  width: number
  sortKeys: boolean
  explicitStart?: boolean
  explicitEnd?: boolean
}

const BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/
const FLOAT_RE = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/
const INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/
const NULL_RE = /^(?:~|null|Null|NULL|)$/
const TS_RE = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/

function resolvesToNonStr(s: string): boolean {
  return BOOL_RE.test(s) || FLOAT_RE.test(s) || INT_RE.test(s) || NULL_RE.test(s) || TS_RE.test(s) || s === '<<' || s === '='
}

interface Analysis {
  empty: boolean
  multiline: boolean
  flowPlain: boolean
  blockPlain: boolean
  singleQuoted: boolean
}

const WS = '\0 \t\r\n\x85\u2028\u2029'
const BREAKS = '\n\x85\u2028\u2029'

function analyze(s: string): Analysis {
  if (!s) return { empty: true, multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true }
  let blockInd = false
  let flowInd = false
  let lineBreaks = false
  let special = false
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
  let breakSpace = false, spaceBreak = false
  let prevSpace = false, prevBreak = false
  if (s.startsWith('---') || s.startsWith('...')) blockInd = flowInd = true
  let precededByWs = true
  let followedByWs = s.length === 1 || WS.includes(s[1])
  const chars = Array.from(s)
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) flowInd = blockInd = true
      if (ch === '?' || ch === ':') {
        flowInd = true
        if (followedByWs) blockInd = true
      }
      if (ch === '-' && followedByWs) flowInd = blockInd = true
    } else {
      if (',?[]{}'.includes(ch)) flowInd = true
      if (ch === ':') {
        flowInd = true
        if (followedByWs) blockInd = true
      }
      if (ch === '#' && precededByWs) flowInd = blockInd = true
    }
    if (BREAKS.includes(ch)) lineBreaks = true
    const c = ch.codePointAt(0)!
    if (!(ch === '\n' || (c >= 0x20 && c <= 0x7e))) {
      const printableUnicode = (c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c < 0x110000)) && c !== 0xfeff
      if (!printableUnicode) special = true
    }
    if (ch === ' ') {
      if (i === 0) leadingSpace = true
      if (i === chars.length - 1) trailingSpace = true
      if (prevBreak) breakSpace = true
      prevSpace = true
      prevBreak = false
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadingBreak = true
      if (i === chars.length - 1) trailingBreak = true
      if (prevSpace) spaceBreak = true
      prevSpace = false
      prevBreak = true
    } else prevSpace = prevBreak = false
    precededByWs = WS.includes(ch)
    followedByWs = i + 2 >= chars.length || WS.includes(chars[i + 2])
  }
  let flowPlain = true, blockPlain = true, singleQuoted = true
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) flowPlain = blockPlain = false
  if (breakSpace) flowPlain = blockPlain = singleQuoted = false
  if (spaceBreak || special) flowPlain = blockPlain = singleQuoted = false
  if (lineBreaks) flowPlain = blockPlain = false
  if (flowInd) flowPlain = false
  if (blockInd) blockPlain = false
  return { empty: false, multiline: lineBreaks, flowPlain, blockPlain, singleQuoted }
}

function floatYaml(n: number): string {
  if (Number.isNaN(n)) return '.nan'
  if (n === Infinity) return '.inf'
  if (n === -Infinity) return '-.inf'
  let s = pyStr(new PyFloat(n)).toLowerCase()
  if (!s.includes('.') && s.includes('e')) s = s.replace('e', '.0e')
  return s
}

type Style = '' | "'" | '"'

class Emitter {
  out = ''
  column = 0
  constructor(private readonly o: YamlOpts) {}

  write(s: string): void {
    this.out += s
    const nl = s.lastIndexOf('\n')
    this.column = nl >= 0 ? s.length - nl - 1 : this.column + s.length
  }

  newline(indent: number): void {
    this.write('\n' + ' '.repeat(indent))
  }

  scalarText(v: unknown): { text: string; plainOnly: boolean } | null {
    v = normalize(v)
    if (v === null) return { text: 'null', plainOnly: true }
    if (v instanceof Undefined) failUndefined(v)
    if (typeof v === 'boolean') return { text: v ? 'true' : 'false', plainOnly: true }
    if (typeof v === 'number') return { text: Number.isInteger(v) ? String(v) : floatYaml(v), plainOnly: true }
    if (v instanceof PyFloat) return { text: floatYaml(v.value), plainOnly: true }
    if (typeof v === 'string') return { text: v, plainOnly: false }
    if (Array.isArray(v) || isDict(v)) return null
    return { text: pyStr(v), plainOnly: false }
  }

  style(text: string, flow: boolean, simpleKey: boolean): Style {
    const a = analyze(text)
    if (!resolvesToNonStr(text) || false) {
      if (!(simpleKey && (a.empty || a.multiline)) && ((flow && a.flowPlain) || (!flow && a.blockPlain))) return ''
    }
    if (a.singleQuoted && !(simpleKey && a.multiline)) return "'"
    return '"'
  }

  /** default_flow_style=None: flow style for collections holding only scalars. */
  isFlow(v: unknown): boolean {
    if (this.o.flow !== null) return this.o.flow
    const items = Array.isArray(v) ? v : Object.values(v as object)
    return items.every((x) => this.scalarText(x) !== null)
  }

  writeScalar(v: unknown, indent: number, flow: boolean, simpleKey: boolean): void {
    const s = this.scalarText(v)!
    if (s.plainOnly) return this.write(s.text)
    const st = this.style(s.text, flow, simpleKey)
    if (st === '') this.writePlain(s.text, indent)
    else if (st === "'") this.writeSingle(s.text, indent)
    else this.writeDouble(s.text, indent)
  }

  private writePlain(text: string, indent: number): void {
    // long plain scalars fold at spaces past the width
    const words = text.split(' ')
    let first = true
    for (const w of words) {
      if (!first) {
        if (this.column > this.o.width && w !== '') this.newline(indent)
        else this.write(' ')
      }
      this.write(w)
      first = false
    }
  }

  private writeSingle(text: string, indent: number): void {
    this.write("'")
    let i = 0
    while (i < text.length) {
      const ch = text[i]
      if (ch === '\n') {
        let j = i
        while (j < text.length && text[j] === '\n') j++
        this.write('\n' + '\n'.repeat(j - i) + ' '.repeat(indent))
        i = j
        continue
      }
      if (ch === ' ' && this.column > this.o.width && i > 0 && i < text.length - 1 && text[i + 1] !== ' ') {
        this.newline(indent)
        i++
        continue
      }
      this.write(ch === "'" ? "''" : ch)
      i++
    }
    this.write("'")
  }

  private writeDouble(text: string, _indent: number): void {
    const esc: Record<string, string> = { '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\x0b': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e', '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P' }
    let s = '"'
    for (const ch of text) {
      const c = ch.codePointAt(0)!
      if (ch in esc) s += '\\' + esc[ch]
      else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0xfeff) s += '\\x' + c.toString(16).toUpperCase().padStart(2, '0')
      else s += ch
    }
    this.write(s + '"')
  }

  keys(d: Record<string, unknown>): string[] {
    const ks = Object.keys(d)
    return this.o.sortKeys ? ks.sort() : ks
  }

  node(v: unknown, indent: number, ctx: 'root' | 'map' | 'seq' | 'flow'): void {
    v = normalize(v)
    const isColl = Array.isArray(v) || isDict(v)
    if (!isColl) return this.writeScalar(v, indent, ctx === 'flow', false)
    const coll = v as unknown[] | Record<string, unknown>
    const empty = Array.isArray(coll) ? coll.length === 0 : Object.keys(coll).length === 0
    if (ctx === 'flow' || empty || this.isFlow(coll)) return this.flowNode(coll, indent)
    if (Array.isArray(coll)) {
      // sequences inside a mapping are not indented (PyYAML's indentless sequence)
      const ind = ctx === 'map' ? indent : indent
      coll.forEach((item, i) => {
        if (i > 0 || ctx === 'map') this.newline(ind)
        const it = normalize(item)
        const block = (Array.isArray(it) || isDict(it)) && !(Array.isArray(it) ? it.length === 0 : Object.keys(it as object).length === 0) && !this.isFlow(it)
        this.write(block ? '-' + ' '.repeat(Math.max(1, this.o.indent - 1)) : '- ')
        this.node(it, ind + this.o.indent, 'seq')
      })
      return
    }
    const keys = this.keys(coll)
    keys.forEach((k, i) => {
      if (i > 0 || ctx === 'map') this.newline(indent)
      this.writeScalar(k, indent, false, true)
      this.write(':')
      const child = normalize(coll[k])
      const childColl = (Array.isArray(child) || isDict(child)) && !(Array.isArray(child) ? child.length === 0 : Object.keys(child as object).length === 0) && !this.isFlow(child)
      if (childColl) {
        if (Array.isArray(child)) this.node(child, indent, 'map')
        else this.node(child, indent + this.o.indent, 'map')
      } else {
        this.write(' ')
        this.node(child, indent + this.o.indent, 'seq')
      }
    })
  }

  flowNode(v: unknown[] | Record<string, unknown>, indent: number): void {
    const inner = indent + this.o.indent
    if (Array.isArray(v)) {
      this.write('[')
      v.forEach((x, i) => {
        if (i > 0) this.write(',')
        if (this.column > this.o.width) this.newline(inner)
        else if (i > 0) this.write(' ')
        this.node(x, inner, 'flow')
      })
      this.write(']')
      return
    }
    this.write('{')
    this.keys(v).forEach((k, i) => {
      if (i > 0) this.write(',')
      if (this.column > this.o.width) this.newline(inner)
      else if (i > 0) this.write(' ')
      this.writeScalar(k, inner, true, true)
      this.write(': ')
      this.node(v[k], inner, 'flow')
    })
    this.write('}')
  }
}

export function toYaml(v: unknown, o: YamlOpts): string {
  const e = new Emitter(o)
  if (o.explicitStart) e.write('--- ')
  v = normalize(v)
  const isColl = Array.isArray(v) || isDict(v)
  e.node(v, 0, 'root')
  let out = e.out + '\n'
  if (o.explicitStart && isColl && !e.out.startsWith('[') && !e.out.startsWith('{')) out = '---\n' + out.slice(4)
  // Ansible's dumper does not end a root plain scalar with '...' as bare PyYAML does
  if (o.explicitEnd) out += '...\n'
  return out
}

/**
 * PyYAML's YAML 1.1 booleans are yes/no/true/false/on/off (not y/n); timestamps stay strings so
 * results remain plain data.
 */
const PY_BOOL = [
  { identify: (v: unknown) => v === true, default: true, tag: 'tag:yaml.org,2002:bool', test: /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, resolve: () => true },
  { identify: (v: unknown) => v === false, default: true, tag: 'tag:yaml.org,2002:bool', test: /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/, resolve: () => false },
]
const PARSE_OPTS = {
  version: '1.1' as const,
  schema: 'yaml-1.1',
  merge: true,
  uniqueKeys: false,
  customTags: (tags: Array<{ tag: string }>) =>
    [...PY_BOOL, ...tags.filter((t) => t.tag !== 'tag:yaml.org,2002:bool' && t.tag !== 'tag:yaml.org,2002:timestamp')],
}

function fromYamlDoc(text: string): unknown {
  try {
    return parse(text, PARSE_OPTS as never)
  } catch (e) {
    throw new PyError('YAMLError', (e as Error).message)
  }
}

export function fromYaml(text: string): unknown {
  return fromYamlDoc(text) ?? null
}

export function fromYamlAll(text: string): unknown[] {
  try {
    return parseAllDocuments(text, PARSE_OPTS as never).map((d) => ('toJS' in d ? d.toJS() : null) ?? null)
  } catch (e) {
    throw new PyError('YAMLError', (e as Error).message)
  }
}
