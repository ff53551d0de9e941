/** Python arithmetic and comparison operators. */
import { percentFormat } from './format.js'
import {
  PyError, PyFloat, Tuple, Undefined, failUndefined, isFloat, isInt, isNumber, mkFloat, normalize, num,
  pyCompare, pyContains, pyEq, pyStr, typeName,
} from './values.js'

function unsupported(op: string, a: unknown, b: unknown): never {
  throw new PyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`)
}

function numeric(v: unknown): boolean {
  return typeof v === 'boolean' || isNumber(v)
}

function checkUndef(a: unknown, b: unknown): void {
  if (a instanceof Undefined) failUndefined(a)
  if (b instanceof Undefined) failUndefined(b)
}

/** int op int stays int; anything with a float is a float. */
function arith(a: unknown, b: unknown, r: number): number | PyFloat {
  if (isFloat(a) || isFloat(b)) return mkFloat(r)
  return r
}

export function binop(op: string, aIn: unknown, bIn: unknown): unknown {
  const a = normalize(aIn)
  const b = normalize(bIn)
  checkUndef(a, b)
  switch (op) {
    case '+':
      if (numeric(a) && numeric(b)) return arith(a, b, num(a) + num(b))
      if (typeof a === 'string' && typeof b === 'string') return a + b
      if (Array.isArray(a) && Array.isArray(b) && a instanceof Tuple === b instanceof Tuple) {
        return a instanceof Tuple ? Tuple.of2([...a, ...b]) : [...a, ...b]
      }
      if (typeof a === 'string' || typeof b === 'string') {
        if (typeof a === 'string') throw new PyError('TypeError', `can only concatenate str (not "${typeName(b)}") to str`)
      }
      return unsupported('+', a, b)
    case '-':
      if (numeric(a) && numeric(b)) return arith(a, b, num(a) - num(b))
      return unsupported('-', a, b)
    case '*':
      if (numeric(a) && numeric(b)) return arith(a, b, num(a) * num(b))
      if ((typeof a === 'string' || Array.isArray(a)) && (isInt(b) || typeof b === 'boolean')) return repeat(a, num(b))
      if ((typeof b === 'string' || Array.isArray(b)) && (isInt(a) || typeof a === 'boolean')) return repeat(b, num(a))
      if ((typeof a === 'string' || Array.isArray(a)) && numeric(b)) throw new PyError('TypeError', `can't multiply sequence by non-int of type '${typeName(b)}'`)
      return unsupported('*', a, b)
    case '/':
      if (numeric(a) && numeric(b)) {
        if (num(b) === 0) throw new PyError('ZeroDivisionError', 'division by zero')
        return mkFloat(num(a) / num(b))
      }
      return unsupported('/', a, b)
    case '//':
      if (numeric(a) && numeric(b)) {
        if (num(b) === 0) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero')
        return arith(a, b, Math.floor(num(a) / num(b)))
      }
      return unsupported('//', a, b)
    case '%':
      if (typeof a === 'string') return percentFormat(a, b)
      if (numeric(a) && numeric(b)) {
        const d = num(b)
        if (d === 0) throw new PyError('ZeroDivisionError', isFloat(a) || isFloat(b) ? 'float modulo' : 'integer division or modulo by zero')
        const r = num(a) % d
        return arith(a, b, r !== 0 && (r < 0) !== (d < 0) ? r + d : r)
      }
      return unsupported('%', a, b)
    case '**':
      if (numeric(a) && numeric(b)) {
        const r = Math.pow(num(a), num(b))
        if (!isFloat(a) && !isFloat(b) && num(b) >= 0) return r
        if (num(a) === 0 && num(b) < 0) throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power')
        return mkFloat(r)
      }
      return unsupported('** or pow()', a, b)
  }
  throw new PyError('TypeError', `unknown operator ${op}`)
}

function repeat(seq: string | unknown[], n: number): unknown {
  if (typeof seq === 'string') return n > 0 ? seq.repeat(n) : ''
  const out: unknown[] = []
  for (let i = 0; i < n; i++) out.push(...seq)
  return seq instanceof Tuple ? Tuple.of2(out) : out
}

export function neg(v: unknown): unknown {
  v = normalize(v)
  if (v instanceof Undefined) failUndefined(v)
  if (typeof v === 'boolean') return v ? -1 : 0
  if (isNumber(v)) return isFloat(v) ? mkFloat(-num(v)) : -num(v)
  throw new PyError('TypeError', `bad operand type for unary -: '${typeName(v)}'`)
}

export function pos(v: unknown): unknown {
  v = normalize(v)
  if (v instanceof Undefined) failUndefined(v)
  if (typeof v === 'boolean') return v ? 1 : 0
  if (isNumber(v)) return v
  throw new PyError('TypeError', `bad operand type for unary +: '${typeName(v)}'`)
}

export function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==': return pyEq(a, b)
    case '!=': return !pyEq(a, b)
    case '<': return pyCompare(a, b, '<') < 0
    case '<=': return pyCompare(a, b, '<=') <= 0
    case '>': return pyCompare(a, b, '>') > 0
    case '>=': return pyCompare(a, b, '>=') >= 0
    case 'in': return pyContains(b, a)
    case 'notin': return !pyContains(b, a)
  }
  throw new PyError('TypeError', `unknown comparison ${op}`)
}

/** Jinja's `~`: str() of both sides. */
export function concatStr(parts: unknown[]): string {
  let s = ''
  for (const p of parts) s += pyStr(normalize(p))
  return s
}
