/** Jinja and Ansible template globals: range, lookup/query/q, now, undef, dict, namespace, cycler, joiner. */
import { pyDatetime } from './datetime.js'
import { Cycler, Joiner, Namespace } from './objects.js'
import type { Session } from './session.js'
import {
  PyCallable, PyError, Undefined, dictKey, isDict, isInt, newDict, normalize, num, pyIter, pyStr, setKey, typeName,
} from './values.js'

const MAX_RANGE = 10_000_000

function intArg(v: unknown): number {
  v = normalize(v)
  if (!isInt(v) && typeof v !== 'boolean') throw new PyError('TypeError', `'${typeName(v)}' object cannot be interpreted as an integer`)
  return num(v)
}

export function pyRange(args: unknown[]): number[] {
  if (!args.length) throw new PyError('TypeError', 'range expected at least 1 argument, got 0')
  const [start, stop, step] = args.length === 1 ? [0, intArg(args[0]), 1] : [intArg(args[0]), intArg(args[1]), args.length > 2 ? intArg(args[2]) : 1]
  if (step === 0) throw new PyError('ValueError', 'range() arg 3 must not be zero')
  const n = Math.max(0, Math.ceil((stop - start) / step))
  if (n > MAX_RANGE) throw new PyError('OverflowError', `Range too big (${n} items)`)
  const out = new Array<number>(n)
  for (let i = 0; i < n; i++) out[i] = start + i * step
  return out
}

export function makeGlobals(s: Session): Map<string, unknown> {
  const g = new Map<string, unknown>()
  g.set('range', new PyCallable('range', (a) => pyRange(a)))
  g.set('lookup', new PyCallable('lookup', (a, kw) => {
    if (!a.length) throw new PyError('TypeError', 'lookup() missing 1 required positional argument: name')
    return s.runLookup(pyStr(normalize(a[0])), a.slice(1), kw, normalize(kw.wantlist) === true)
  }))
  const query = new PyCallable('query', (a, kw) => {
    if (!a.length) throw new PyError('TypeError', 'query() missing 1 required positional argument: name')
    return s.runLookup(pyStr(normalize(a[0])), a.slice(1), kw, true)
  })
  g.set('query', query)
  g.set('q', query)
  g.set('now', new PyCallable('now', (a, kw) => {
    const utc = normalize(kw.utc ?? a[0]) === true
    const fmt = normalize(kw.fmt ?? a[1])
    const d = pyDatetime(new Date(), utc)
    return typeof fmt === 'string' ? d.strftime(fmt) : d
  }))
  g.set('undef', new PyCallable('undef', (a, kw) => {
    const hint = normalize(kw.hint ?? a[0])
    return new Undefined(typeof hint === 'string' && hint ? hint : 'Mandatory variable has not been overridden')
  }))
  g.set('dict', new PyCallable('dict', (a, kw) => {
    const d = newDict()
    if (a.length) {
      const src = normalize(a[0])
      if (isDict(src)) for (const k of Object.keys(src)) setKey(d, k, src[k])
      else for (const pair of pyIter(src)) {
        const p = pyIter(pair)
        setKey(d, dictKey(p[0]), p[1])
      }
    }
    for (const k of Object.keys(kw)) setKey(d, k, kw[k])
    return d
  }))
  g.set('namespace', new PyCallable('namespace', (a, kw) => {
    const init: Record<string, unknown> = newDict()
    if (a.length && isDict(normalize(a[0]))) Object.assign(init, normalize(a[0]))
    for (const k of Object.keys(kw)) setKey(init, k, kw[k])
    return new Namespace(init)
  }))
  g.set('cycler', new PyCallable('cycler', (a) => new Cycler(a)))
  g.set('joiner', new PyCallable('joiner', (a) => new Joiner(a.length ? pyStr(normalize(a[0])) : ', ')))
  return g
}
