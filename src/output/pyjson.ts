/**
 * `json.dumps` as Python writes it, because Ansible users read (and grep) results in that shape:
 * `{"a": 1, "b": [1, 2]}` compact, or indented with `indent`.
 */
export interface PyJsonOptions {
  indent?: number
  sortKeys?: boolean
}

export function pyJsonDumps(value: unknown, options: PyJsonOptions = {}): string {
  return dump(value, options, 0)
}

function dump(value: unknown, options: PyJsonOptions, depth: number): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : Number.isNaN(value) ? 'NaN' : '-Infinity'
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'string') return JSON.stringify(value)
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('utf8'))
  const pretty = options.indent !== undefined
  const pad = pretty ? '\n' + ' '.repeat(options.indent! * (depth + 1)) : ''
  const close = pretty ? '\n' + ' '.repeat(options.indent! * depth) : ''
  const separator = pretty ? ',' : ', '
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return `[${value.map((item) => pad + dump(item, options, depth + 1)).join(separator)}${close}]`
  }
  if (typeof value === 'object') {
    const toJSON = (value as { toJSON?: () => unknown }).toJSON
    if (typeof toJSON === 'function') return dump(toJSON.call(value), options, depth)
    let keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    if (options.sortKeys) keys = keys.sort()
    if (keys.length === 0) return '{}'
    const items = keys.map((k) => `${pad}${JSON.stringify(k)}: ${dump((value as Record<string, unknown>)[k], options, depth + 1)}`)
    return `{${items.join(separator)}${close}}`
  }
  return JSON.stringify(String(value))
}
