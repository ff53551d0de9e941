/**
 * Attribute and item access with Jinja's rules (`a.b` tries the attribute then the item, `a['b']`
 * the item then the attribute) and a hard wall around JavaScript internals: only own data keys of
 * dicts, whitelisted methods and PyObject attributes are reachable. Reaching for `constructor`,
 * `__proto__`, `prototype` or a dunder name that is not data is an error, never an escape.
 */
import { TemplateError } from '../errors.js'
import { boundMethod } from './methods.js'
import {
  NO_ATTR, NamedTuple, PyError, Tuple, Undefined, dictKey, failUndefined, isDict, isInt, isPyObject, normalize, num, pyRepr, typeName,
} from './values.js'

const FORBIDDEN = new Set(['constructor', 'prototype', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__'])

export class SecurityError extends TemplateError {
  constructor(name: string, obj: unknown) {
    super(`access to attribute '${name}' of '${typeName(obj)}' object is unsafe`, {}, 'E_TEMPLATE_SECURITY')
  }
}

function guard(obj: unknown, name: string): void {
  if (FORBIDDEN.has(name) || name.startsWith('__')) throw new SecurityError(name, obj)
}

/** Jinja's object_type_repr, used in undefined messages. */
function typeRepr(obj: unknown): string {
  return obj === null ? 'None' : `${typeName(obj)} object`
}

export function missingAttr(obj: unknown, name: string): Undefined {
  return new Undefined(`'${typeRepr(obj)}' has no attribute '${name}'`, name)
}
function missingItem(obj: unknown, key: unknown): Undefined {
  return new Undefined(`'${typeRepr(obj)}' has no element ${pyRepr(key)}`)
}

export class SliceVal {
  constructor(readonly start: unknown, readonly stop: unknown, readonly step: unknown) {}
}

function sliceIdx(v: unknown): number | undefined {
  v = normalize(v)
  if (v === null) return undefined
  if (v instanceof Undefined) failUndefined(v)
  if (!isInt(v) && typeof v !== 'boolean') throw new PyError('TypeError', 'slice indices must be integers or None or have an __index__ method')
  return num(v)
}

export function applySlice<T>(seq: T[], s: SliceVal): T[] {
  const L = seq.length
  const step = sliceIdx(s.step) ?? 1
  if (step === 0) throw new PyError('ValueError', 'slice step cannot be zero')
  let start = sliceIdx(s.start)
  let stop = sliceIdx(s.stop)
  const out: T[] = []
  if (step > 0) {
    start = start === undefined ? 0 : start < 0 ? Math.max(0, start + L) : Math.min(start, L)
    stop = stop === undefined ? L : stop < 0 ? Math.max(0, stop + L) : Math.min(stop, L)
    for (let i = start; i < stop; i += step) out.push(seq[i])
  } else {
    start = start === undefined ? L - 1 : start < 0 ? Math.max(-1, start + L) : Math.min(start, L - 1)
    stop = stop === undefined ? -1 : stop < 0 ? Math.max(-1, stop + L) : Math.min(stop, L - 1)
    for (let i = start; i > stop; i += step) out.push(seq[i])
  }
  return out
}

/** `obj.name` */
export function getAttr(objIn: unknown, name: string): unknown {
  const obj = normalize(objIn)
  if (obj instanceof Undefined) {
    if (obj.lenient) failUndefined(obj)
    return obj
  }
  if (isDict(obj)) {
    const m = boundMethod(obj, name, getField)
    if (m) return m
    if (Object.hasOwn(obj, name)) return obj[name]
    guard(obj, name)
    return missingAttr(obj, name)
  }
  if (obj instanceof NamedTuple && obj.names.includes(name)) return obj[obj.names.indexOf(name)]
  if (isPyObject(obj)) {
    guard(obj, name)
    const v = obj.pyGetAttr(name)
    return v === NO_ATTR ? missingAttr(obj, name) : v
  }
  guard(obj, name)
  return boundMethod(obj, name, getField) ?? missingAttr(obj, name)
}

/** `obj[key]` */
export function getItem(objIn: unknown, keyIn: unknown): unknown {
  const obj = normalize(objIn)
  const key = normalize(keyIn)
  if (obj instanceof Undefined) {
    if (obj.lenient) failUndefined(obj)
    return obj
  }
  if (key instanceof Undefined) failUndefined(key)
  if (isDict(obj)) {
    if (key instanceof SliceVal) throw new PyError('TypeError', "unhashable type: 'slice'")
    const k = dictKey(key)
    if (Object.hasOwn(obj, k)) return obj[k]
    if (typeof key === 'string') return getAttr(obj, key)
    return missingItem(obj, key)
  }
  if (Array.isArray(obj) || typeof obj === 'string') {
    if (key instanceof SliceVal) {
      if (typeof obj === 'string') return applySlice(Array.from(obj), key).join('')
      const r = applySlice(obj, key)
      return obj instanceof Tuple ? Tuple.of2(r) : r
    }
    if (isInt(key) || typeof key === 'boolean') {
      const seq = typeof obj === 'string' ? Array.from(obj) : obj
      let i = num(key)
      if (i < 0) i += seq.length
      if (i < 0 || i >= seq.length) return missingItem(obj, key)
      return seq[i]
    }
    if (typeof key === 'string') return getAttr(obj, key)
    return missingItem(obj, key)
  }
  if (typeof key === 'string') return getAttr(obj, key)
  return missingItem(obj, key)
}

/** Field access for str.format: `{0.name}` / `{0[key]}`. */
export function getField(obj: unknown, key: string, isIndex: boolean): unknown {
  const v = isIndex ? getItem(obj, Number(key)) : getAttr(obj, key)
  if (v instanceof Undefined) failUndefined(v)
  return v
}
