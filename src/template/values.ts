/**
 * Python value semantics on JavaScript values.
 *
 * Mapping: None = null (JS undefined is read as None too), bool = boolean, str = string,
 * int = integral number, float = non-integral number or a PyFloat box (an integral float such as
 * 2.0 must still print as "2.0"), list = Array, tuple = Tuple, dict = plain object.
 * Jinja's Undefined is the Undefined class; callables are PyCallable.
 */
import { TemplateError } from '../errors.js'
import { UNSAFE } from './unsafe.js'

/** A float whose value happens to be integral (Python prints 2.0, not 2). */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A Python tuple: an array that prints with parentheses. */
export class Tuple<T = unknown> extends Array<T> {
  static of2<T>(items: readonly T[]): Tuple<T> {
    const t = new Tuple<T>()
    for (const i of items) t.push(i)
    return t
  }
}

/** A tuple whose items also answer to names (groupby's (grouper, list)). */
export class NamedTuple extends Tuple {
  names: string[] = []
  static make(names: string[], items: unknown[]): NamedTuple {
    const t = new NamedTuple()
    for (const i of items) t.push(i)
    t.names = names
    return t
  }
}

/**
 * Jinja's Undefined. Strict ones (the default, as Ansible's AnsibleUndefined) fail on any use but
 * `default`, `is defined` and attribute access (which returns the same Undefined, keeping the first
 * failure's message). Lenient ones come from `x if c` without else: they print as ''.
 */
export class Undefined {
  constructor(
    readonly message: string,
    readonly name?: string,
    readonly lenient = false,
  ) {}
}

export function undefinedName(name: string): Undefined {
  return new Undefined(`'${name}' is undefined`, name)
}

/** A value a template can call: builtins, bound methods, macros. */
export class PyCallable {
  constructor(
    readonly name: string,
    readonly fn: (args: unknown[], kwargs: Record<string, unknown>) => unknown,
  ) {}
}

/** Objects exposing attributes to templates (loop, namespace, cycler, datetime). */
export interface PyObject {
  readonly pyType: string
  pyGetAttr(name: string): unknown // return NO_ATTR when missing
}
export const NO_ATTR: unique symbol = Symbol('no-attr')

export function isPyObject(v: unknown): v is PyObject {
  return typeof v === 'object' && v !== null && typeof (v as PyObject).pyGetAttr === 'function'
}

export class UndefinedError extends TemplateError {
  constructor(message: string, readonly varName?: string) {
    super(message, {}, 'E_UNDEFINED_VAR')
  }
}

/** Python's TypeError/ValueError/ZeroDivisionError raised while evaluating. */
export class PyError extends TemplateError {
  constructor(readonly pyClass: string, message: string) {
    super(message, {}, 'E_TEMPLATE_' + pyClass.toUpperCase())
  }
}

export function failUndefined(u: Undefined): never {
  throw new UndefinedError(u.message, u.name)
}

export function isDict(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const p = Object.getPrototypeOf(v)
  return p === Object.prototype || p === null
}

export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v))
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v)
}

export function isNumber(v: unknown): boolean {
  return typeof v === 'number' || v instanceof PyFloat
}

/** Make a float: integral results are boxed so they keep printing as floats. */
export function mkFloat(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n
}

export function num(v: unknown): number {
  if (typeof v === 'number') return v
  if (v instanceof PyFloat) return v.value
  if (typeof v === 'boolean') return v ? 1 : 0
  if (v instanceof Undefined) failUndefined(v)
  throw new PyError('TypeError', `must be real number, not ${typeName(v)}`)
}

/** Strings marked unsafe are String objects; everything else reads them as plain strings. */
export function normalize(v: unknown): unknown {
  if (v === undefined) return null
  if (v instanceof String) return v.valueOf()
  return v
}

export function typeName(v: unknown): string {
  v = normalize(v)
  if (v === null) return 'NoneType'
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'string') return 'str'
  if (isInt(v)) return 'int'
  if (isNumber(v)) return 'float'
  if (v instanceof Tuple) return 'tuple'
  if (Array.isArray(v)) return 'list'
  if (v instanceof Undefined) return 'AnsibleUndefined'
  if (v instanceof PyCallable) return 'function'
  if (isPyObject(v)) return v.pyType
  if (isDict(v)) return 'dict'
  return 'object'
}

export function truthy(v: unknown): boolean {
  if (v === null || v === undefined) return false
  if (typeof v === 'boolean') return v
  if (typeof v === 'number') return v !== 0
  if (typeof v === 'string') return v.length > 0
  if (v instanceof String) return v.length > 0
  if (v instanceof PyFloat) return v.value !== 0
  if (Array.isArray(v)) return v.length > 0
  if (v instanceof Undefined) {
    if (v.lenient) return false
    failUndefined(v)
  }
  if (isDict(v)) {
    for (const _ in v) return true
    return false
  }
  return true
}

// ---- printing ----

/** Python's repr() of a float. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan'
  if (n === Infinity) return 'inf'
  if (n === -Infinity) return '-inf'
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0'
  const [mant, expS] = n.toExponential().split('e')
  const exp = Number(expS)
  const neg = mant.startsWith('-')
  const digits = mant.replace('-', '').replace('.', '')
  let out: string
  if (exp >= 16 || exp < -4) {
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits
    out = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  } else if (exp < 0) {
    out = '0.' + '0'.repeat(-exp - 1) + digits
  } else if (digits.length <= exp + 1) {
    out = digits + '0'.repeat(exp + 1 - digits.length) + '.0'
  } else {
    out = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1)
  }
  return neg ? '-' + out : out
}

export function intStr(n: number): string {
  if (Math.abs(n) < 1e21) return n.toFixed(0)
  return BigInt(n).toString()
}

function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'"
  let out = q
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === q || ch === '\\') out += '\\' + ch
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0')
    else out += ch
  }
  return out + q
}

/** Python's repr(). */
export function pyRepr(v: unknown): string {
  v = normalize(v)
  if (typeof v === 'string') return strRepr(v)
  if (v instanceof Tuple) {
    if (v.length === 1) return `(${pyRepr(v[0])},)`
    return '(' + v.map(pyRepr).join(', ') + ')'
  }
  if (Array.isArray(v)) return '[' + v.map(pyRepr).join(', ') + ']'
  if (isDict(v)) {
    return '{' + Object.keys(v).map((k) => `${strRepr(k)}: ${pyRepr(v[k])}`).join(', ') + '}'
  }
  return pyStr(v)
}

/** Python's str(). Strict Undefined fails. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === null || v === undefined) return 'None'
  if (typeof v === 'boolean') return v ? 'True' : 'False'
  if (typeof v === 'number') return Number.isInteger(v) ? intStr(v) : floatRepr(v)
  if (v instanceof PyFloat) return floatRepr(v.value)
  if (v instanceof String) return v.valueOf()
  if (v instanceof Undefined) {
    if (v.lenient) return ''
    failUndefined(v)
  }
  if (Array.isArray(v) || isDict(v)) return pyRepr(v)
  if (v instanceof PyCallable) return `<function ${v.name}>`
  if (isPyObject(v)) {
    const s = v.pyGetAttr('__str__')
    if (s instanceof PyCallable) return pyStr(s.fn([], {}))
    return `<${v.pyType} object>`
  }
  return String(v)
}

// ---- equality and ordering ----

export function pyEq(a: unknown, b: unknown): boolean {
  a = normalize(a)
  b = normalize(b)
  if (a === b) return true
  if (a instanceof Undefined) failUndefined(a)
  if (b instanceof Undefined) failUndefined(b)
  const an = typeof a === 'boolean' ? (a ? 1 : 0) : a
  const bn = typeof b === 'boolean' ? (b ? 1 : 0) : b
  if (isNumber(an) && isNumber(bn)) return num(an) === num(bn)
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a instanceof Tuple !== b instanceof Tuple) return false
    return a.length === b.length && a.every((x, i) => pyEq(x, b[i]))
  }
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a)
    if (ka.length !== Object.keys(b).length) return false
    return ka.every((k) => Object.hasOwn(b, k) && pyEq(a[k], b[k]))
  }
  return false
}

/** Python ordering (<): numbers, strings, sequences; anything else is a TypeError. */
export function pyCompare(a: unknown, b: unknown, op = '<'): number {
  a = normalize(a)
  b = normalize(b)
  if (a instanceof Undefined) failUndefined(a)
  if (b instanceof Undefined) failUndefined(b)
  const an = typeof a === 'boolean' ? (a ? 1 : 0) : a
  const bn = typeof b === 'boolean' ? (b ? 1 : 0) : b
  if (isNumber(an) && isNumber(bn)) return num(an) - num(bn)
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  if (Array.isArray(a) && Array.isArray(b) && a instanceof Tuple === b instanceof Tuple) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEq(a[i], b[i])) return pyCompare(a[i], b[i], op)
    }
    return a.length - b.length
  }
  throw new PyError('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`)
}

/** Iterate a value as Python would (str -> chars, dict -> keys). */
export function pyIter(v: unknown): unknown[] {
  v = normalize(v)
  if (Array.isArray(v)) return v
  if (typeof v === 'string') return Array.from(v)
  if (isDict(v)) return Object.keys(v)
  if (v instanceof Undefined) {
    if (v.lenient) return []
    failUndefined(v)
  }
  throw new PyError('TypeError', `'${typeName(v)}' object is not iterable`)
}

export function pyLen(v: unknown): number {
  v = normalize(v)
  if (typeof v === 'string') return Array.from(v).length
  if (Array.isArray(v)) return v.length
  if (isDict(v)) return Object.keys(v).length
  if (v instanceof Undefined) failUndefined(v)
  throw new PyError('TypeError', `object of type '${typeName(v)}' has no len()`)
}

/** Python's `in`. */
export function pyContains(container: unknown, item: unknown): boolean {
  container = normalize(container)
  item = normalize(item)
  if (typeof container === 'string') {
    if (typeof item !== 'string') {
      if (item instanceof Undefined) failUndefined(item)
      throw new PyError('TypeError', `'in <string>' requires string as left operand, not ${typeName(item)}`)
    }
    return container.includes(item)
  }
  if (Array.isArray(container)) return container.some((x) => pyEq(x, item))
  if (isDict(container)) return typeof item === 'string' ? Object.hasOwn(container, item) : isNumber(item) ? Object.hasOwn(container, pyStr(item)) : false
  if (container instanceof Undefined) failUndefined(container)
  throw new PyError('TypeError', `argument of type '${typeName(container)}' is not iterable`)
}

/** A fresh dict that cannot be poisoned through a `__proto__` key. */
export function newDict(): Record<string, unknown> {
  return {}
}
export function setKey(d: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(d, k, { value: v, enumerable: true, writable: true, configurable: true })
  else d[k] = v
}

/** Dict keys are strings in JS; Python keys may be ints or bools. */
export function dictKey(k: unknown): string {
  k = normalize(k)
  if (typeof k === 'string') return k
  if (k instanceof Undefined) failUndefined(k)
  if (k === null || typeof k === 'boolean' || isNumber(k)) return pyStr(k)
  if (k instanceof Tuple) return pyRepr(k)
  throw new PyError('TypeError', `unhashable type: '${typeName(k)}'`)
}

/**
 * Convert an evaluated value to plain data for callers: unbox floats and unsafe strings,
 * fail on strict Undefined anywhere inside (as Ansible's finalize does).
 */
export function toPlain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v === undefined ? null : v
  if (v instanceof PyFloat) return v.value
  if (v instanceof String) return v.valueOf()
  if (v instanceof Undefined) failUndefined(v)
  if (Array.isArray(v)) {
    // tuples become plain arrays (Array.prototype.map would keep the Tuple species)
    let changed = v instanceof Tuple
    const out: unknown[] = new Array(v.length)
    for (let i = 0; i < v.length; i++) {
      const p = toPlain(v[i])
      if (p !== v[i]) changed = true
      out[i] = p
    }
    return changed ? out : v
  }
  if (isDict(v)) {
    if ((v as Record<symbol, unknown>)[UNSAFE]) return v
    let changed = false
    const out = newDict()
    for (const k of Object.keys(v)) {
      const p = toPlain(v[k])
      if (p !== v[k]) changed = true
      setKey(out, k, p)
    }
    return changed ? out : v
  }
  if (v instanceof PyCallable) return pyStr(v)
  if (isPyObject(v)) return pyStr(v)
  return v
}
