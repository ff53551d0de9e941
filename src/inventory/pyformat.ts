import { PY_TUPLE } from './pyliteral.js'

/**
 * Python's text forms of plain data, needed to print what ansible-inventory prints:
 * `str()`/`repr()` for `--graph --vars`, and `json.dumps(sort_keys=True, indent=4,
 * ensure_ascii=False)` for `--list` and `--host`.
 */

const isVault = (v: unknown): v is { __vault__: string } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { __vault__?: unknown }).__vault__ === 'string'

/** Python str(): strings bare, everything else as repr. */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v)
}

export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None'
  if (v === true) return 'True'
  if (v === false) return 'False'
  if (typeof v === 'number') return pyFloatOrInt(v)
  if (typeof v === 'string') return reprString(v)
  if (Array.isArray(v)) {
    if (!(PY_TUPLE in v)) return `[${v.map(pyRepr).join(', ')}]`
    return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${v.map(pyRepr).join(', ')})`
  }
  if (v instanceof Set) return v.size ? `{${[...v].map(pyRepr).join(', ')}}` : 'set()'
  if (isVault(v)) return reprString(v.__vault__)
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${reprString(k)}: ${pyRepr(x)}`)
      .join(', ')}}`
  }
  return String(v)
}

function pyFloatOrInt(n: number): string {
  if (Number.isNaN(n)) return 'nan'
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf'
  return String(n)
}

/** repr() of a str: single quotes unless the text has ' and no ". */
function reprString(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'"
  let out = q
  for (const ch of s) {
    const c = ch.codePointAt(0) as number
    if (ch === '\\') out += '\\\\'
    else if (ch === q) out += '\\' + q
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0')
    else if (c >= 0x80 && c < 0xa0) out += '\\x' + c.toString(16).padStart(2, '0')
    else out += ch
  }
  return out + q
}

/** Python json.dumps(v, sort_keys=True, indent=4, ensure_ascii=False) with ansible's vault encoding. */
export function pyJsonDumps(v: unknown, indent = 4): string {
  return dump(v, 0, indent)
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function dump(v: unknown, level: number, indent: number): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'
  if (typeof v === 'string') return JSON.stringify(v)
  if (v instanceof Date) return JSON.stringify(v.toISOString())
  const pad = ' '.repeat((level + 1) * indent)
  const end = ' '.repeat(level * indent)
  if (Array.isArray(v) || v instanceof Set) {
    const items = [...v]
    if (!items.length) return '[]'
    return `[\n${items.map((x) => pad + dump(x, level + 1, indent)).join(',\n')}\n${end}]`
  }
  if (isVault(v)) return dump({ __ansible_vault: v.__vault__ }, level, indent)
  const keys = Object.keys(v as object).sort(byCodePoint)
  if (!keys.length) return '{}'
  const obj = v as Record<string, unknown>
  return `{\n${keys.map((k) => `${pad}${JSON.stringify(k)}: ${dump(obj[k], level + 1, indent)}`).join(',\n')}\n${end}}`
}
