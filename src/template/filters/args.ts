/** Binding Python-style (positional or keyword) filter arguments to names. */
import { PyError, Undefined, failUndefined, isInt, normalize, num, pyStr, typeName } from '../values.js'

/**
 * Bind args/kwargs to `names` (in order) with defaults; unknown keywords are an error, as in Python.
 * Values are normalized (unsafe strings read as strings).
 */
export function bind(fname: string, args: unknown[], kwargs: Record<string, unknown>, names: string[], defaults: Record<string, unknown> = {}): Record<string, unknown> {
  if (args.length > names.length) throw new PyError('TypeError', `${fname}() takes at most ${names.length + 1} arguments (${args.length + 1} given)`)
  const out: Record<string, unknown> = {}
  names.forEach((n, i) => {
    if (i < args.length) {
      if (Object.hasOwn(kwargs, n)) throw new PyError('TypeError', `${fname}() got multiple values for argument '${n}'`)
      out[n] = normalize(args[i])
    } else if (Object.hasOwn(kwargs, n)) out[n] = normalize(kwargs[n])
    else out[n] = Object.hasOwn(defaults, n) ? defaults[n] : null
  })
  for (const k of Object.keys(kwargs)) {
    if (!names.includes(k)) throw new PyError('TypeError', `${fname}() got an unexpected keyword argument '${k}'`)
  }
  return out
}

export function asStr(v: unknown): string {
  v = normalize(v)
  if (v instanceof Undefined) failUndefined(v)
  return pyStr(v)
}

export function asInt(v: unknown, what = 'value'): number {
  v = normalize(v)
  if (v instanceof Undefined) failUndefined(v)
  if (typeof v === 'boolean') return v ? 1 : 0
  if (isInt(v)) return v
  if (typeof v === 'number') return Math.trunc(v)
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return parseInt(v, 10)
  if (typeof v === 'object' && v !== null && 'value' in v) return Math.trunc(num(v))
  throw new PyError('TypeError', `${what} must be an integer, not ${typeName(v)}`)
}
