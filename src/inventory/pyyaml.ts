/**
 * Block YAML in the layout PyYAML's `yaml.dump(default_flow_style=False)` gives
 * (`ansible-inventory --list -y`): sorted keys, sequences not indented under their key, `{}` and
 * `[]` for empty collections, quotes only where a plain scalar would read back differently.
 * An object that appears more than once is written once with an `&idNNN` anchor and then as
 * `*idNNN`, numbered as PyYAML's serializer numbers them. Differences kept on purpose: no folding
 * of long lines, and multi-line strings are double-quoted rather than folded single-quoted.
 */
export function pyYamlDump(v: unknown): string {
  const anchors = assignAnchors(v)
  return new Emitter(anchors).emit(v, 0).join('\n') + '\n'
}

/** Serializer.anchor_node: an id is made when an object is met for the second time, depth first. */
function assignAnchors(root: unknown): Map<object, string> {
  const seen = new Map<object, string | null>()
  let last = 0
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || !(Array.isArray(v) || isMap(v))) return
    if (seen.has(v)) {
      if (seen.get(v) === null) seen.set(v, `id${String(++last).padStart(3, '0')}`)
      return
    }
    seen.set(v, null)
    if (Array.isArray(v)) v.forEach(walk)
    else for (const k of Object.keys(v).sort(byCodePoint)) walk(v[k])
  }
  walk(root)
  const out = new Map<object, string>()
  for (const [k, id] of seen) if (id) out.set(k, id)
  return out
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Set) && !(v instanceof Date)

class Emitter {
  private emitted = new Set<object>()

  constructor(private readonly anchors: Map<object, string>) {}

  /** `&id` the first time an anchored object is written, `*id` (and nothing else) after that. */
  private ref(v: unknown): { tag: string; alias: boolean } {
    if (typeof v !== 'object' || v === null) return { tag: '', alias: false }
    const id = this.anchors.get(v)
    if (!id) return { tag: '', alias: false }
    if (this.emitted.has(v)) return { tag: `*${id}`, alias: true }
    this.emitted.add(v)
    return { tag: `&${id}`, alias: false }
  }

  emit(v: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent)
  if (isMap(v) && typeof v.__vault__ === 'string') {
    return [`${pad}!vault |`, ...String(v.__vault__).replace(/\n$/, '').split('\n').map((l) => `${pad}  ${l}`)]
  }
  if (isMap(v)) {
    const keys = Object.keys(v).sort(byCodePoint)
    if (!keys.length) return [`${pad}{}`]
    const out: string[] = []
    for (const k of keys) {
      const x = v[k]
      const key = `${pad}${scalar(k)}:`
      const { tag, alias } = this.ref(x)
      if (alias) out.push(`${key} ${tag}`)
      else if (isMap(x) && Object.keys(x).length && typeof x.__vault__ !== 'string') out.push(tag ? `${key} ${tag}` : key, ...this.emit(x, indent + 2))
      else if (Array.isArray(x) && x.length) out.push(tag ? `${key} ${tag}` : key, ...this.emit(x, indent))
      else if (isMap(x) && typeof x.__vault__ === 'string') out.push(`${key} !vault |`, ...this.emit(x, indent + 2).slice(1))
      else out.push(`${key} ${tag ? tag + ' ' : ''}${inline(x)}`)
    }
    return out
  }
  if (Array.isArray(v)) {
    if (!v.length) return [`${pad}[]`]
    const out: string[] = []
    for (const x of v) {
      const { tag, alias } = this.ref(x)
      if (alias) out.push(`${pad}- ${tag}`)
      else if ((isMap(x) && Object.keys(x).length) || (Array.isArray(x) && x.length)) {
        const inner = this.emit(x, indent + 2)
        if (tag) out.push(`${pad}- ${tag}`, ...inner)
        else out.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1))
      } else {
        out.push(`${pad}- ${tag ? tag + ' ' : ''}${inline(x)}`)
      }
    }
    return out
  }
  return [pad + inline(v)]
  }
}

function inline(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (v === true) return 'true'
  if (v === false) return 'false'
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan'
    if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf'
    return String(v)
  }
  if (Array.isArray(v)) return '[]'
  if (isMap(v)) return '{}'
  return scalar(String(v))
}

/** YAML 1.1 implicit resolvers: a plain scalar matching these would not read back as a string. */
const IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  /^(?:<<|=)$/,
]

function scalar(s: string): string {
  if (/[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/.test(s)) return doubleQuoted(s)
  if (IMPLICIT.some((re) => re.test(s)) || !plainOk(s)) return `'${s.replace(/'/g, "''")}'`
  return s
}

/** PyYAML's analyze_scalar, block context, for single-line text. */
function plainOk(s: string): boolean {
  if (s.startsWith(' ') || s.endsWith(' ') || s.startsWith('\t') || s.endsWith('\t')) return false
  if (s.startsWith('---') || s.startsWith('...')) return false
  const first = s[0]
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false
  if ('?:-'.includes(first) && (s.length === 1 || s[1] === ' ')) return false
  if (s.includes(': ') || s.includes(' #') || s.endsWith(':')) return false
  return true
}

function doubleQuoted(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0) as number
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out += '\\x' + c.toString(16).padStart(2, '0')
    else if (c === 0x2028 || c === 0x2029 || c === 0xfeff) out += '\\u' + c.toString(16).padStart(4, '0')
    else out += ch
  }
  return out + '"'
}
