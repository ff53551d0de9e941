/**
 * How a template's output parts become its result, per Ansible 2.14 (template/native_helpers.py):
 * native (jinja2_native=True): one part is returned as is, text is literal_eval'd;
 * eval (the 2.14 default): text, turned back into a list/dict/bool when it looks like one;
 * plain (the template module): text.
 */
import { NativeText, joinParts } from './compiler.js'
import { literalEval } from './literal-eval.js'
import { TemplateError } from '../errors.js'
import { Tuple, Undefined, isDict, normalize, pyStr } from './values.js'

export function nativeConcat(parts: unknown[]): unknown {
  if (parts.length === 0) return null
  let s: string
  if (parts.length === 1) {
    const v = normalize(parts[0])
    if (v instanceof NativeText) return v.s
    if (v instanceof Undefined) {
      if (v.lenient) throw new TemplateError(v.message, {}, 'E_TEMPLATE')
      return v
    }
    if (typeof v !== 'string') return v
    s = v
  } else s = joinParts(parts, true)
  const r = literalEval(s)
  if (!r.ok) return s
  if (r.isString) return s[0] + (r.value as string) + s[0]
  return r.value
}

export function evalConcat(parts: unknown[]): unknown {
  if (parts.length === 0) return ''
  let s: string
  if (parts.length === 1) {
    const v = normalize(parts[0])
    if (v instanceof NativeText) return v.s
    if (v === null) return ''
    if (typeof v === 'boolean' || (Array.isArray(v) && !(v instanceof Tuple)) || isDict(v)) return v
    s = typeof v === 'string' ? v : pyStr(v)
  } else s = joinParts(parts, false)
  if (s.startsWith('{') || s.startsWith('[') || s === 'True' || s === 'False') {
    const r = literalEval(s, true)
    if (r.ok) return r.value
  }
  return s
}

export function countTrailingNewlines(s: string): number {
  let n = 0
  for (let i = s.length - 1; i >= 0 && s[i] === '\n'; i--) n++
  return n
}
