/** Ansible's mathstuff filters: set operations, combinatorics, logarithms, rekey_on_member. */
import type { FilterTable } from '../registry.js'
import { PyError, Tuple, dictKey, isDict, mkFloat, newDict, normalize, num, pyEq, pyIter, pyStr, setKey, truthy } from '../values.js'
import { asInt, bind } from './args.js'
import { FilterError } from './ansible.js'
import { uniqueList } from './jinja.js'

function has(list: unknown[], x: unknown): boolean {
  return list.some((y) => pyEq(x, y))
}

function combinations(items: unknown[], r: number): unknown[][] {
  const out: unknown[][] = []
  const rec = (start: number, acc: unknown[]) => {
    if (acc.length === r) return void out.push([...acc])
    for (let i = start; i < items.length; i++) rec(i + 1, [...acc, items[i]])
  }
  if (r <= items.length) rec(0, [])
  return out
}

function permutations(items: unknown[], r: number): unknown[][] {
  const out: unknown[][] = []
  const rec = (acc: number[]) => {
    if (acc.length === r) return void out.push(acc.map((i) => items[i]))
    for (let i = 0; i < items.length; i++) if (!acc.includes(i)) rec([...acc, i])
  }
  if (r <= items.length) rec([])
  return out
}

export function mathFilters(): FilterTable {
  return {
    unique: (env, v, args, kw) => {
      const a = bind('unique', args, kw, ['case_sensitive', 'attribute'])
      return uniqueList(env, pyIter(v), truthy(a.case_sensitive), a.attribute)
    },
    union: (env, v, args) => uniqueList(env, [...pyIter(v), ...pyIter(args[0])], true, null),
    intersect: (env, v, args) => {
      const b = pyIter(args[0])
      return uniqueList(env, pyIter(v).filter((x) => has(b, x)), true, null)
    },
    difference: (env, v, args) => {
      const b = pyIter(args[0])
      return uniqueList(env, pyIter(v).filter((x) => !has(b, x)), true, null)
    },
    symmetric_difference: (env, v, args) => {
      const a = pyIter(v)
      const b = pyIter(args[0])
      const isect = uniqueList(env, a.filter((x) => has(b, x)), true, null)
      return uniqueList(env, [...a, ...b], true, null).filter((x) => !has(isect, x))
    },
    product: (_e, v, args, kw) => {
      const lists = [pyIter(v), ...args.map((x) => pyIter(x))]
      const repeat = kw.repeat === undefined ? 1 : asInt(kw.repeat)
      const pools: unknown[][] = []
      for (let i = 0; i < repeat; i++) pools.push(...lists)
      let out: unknown[][] = [[]]
      for (const pool of pools) out = out.flatMap((acc) => pool.map((x) => [...acc, x]))
      return out.map((t) => Tuple.of2(t))
    },
    combinations: (_e, v, args, kw) => combinations(pyIter(v), asInt(bind('combinations', args, kw, ['r']).r)).map((t) => Tuple.of2(t)),
    permutations: (_e, v, args, kw) => {
      const items = pyIter(v)
      const a = bind('permutations', args, kw, ['r'])
      return permutations(items, a.r === null ? items.length : asInt(a.r)).map((t) => Tuple.of2(t))
    },
    zip: (_e, v, args) => {
      const lists = [pyIter(v), ...args.map((x) => pyIter(x))]
      const n = Math.min(...lists.map((l) => l.length))
      return Array.from({ length: n }, (_, i) => Tuple.of2(lists.map((l) => l[i])))
    },
    zip_longest: (_e, v, args, kw) => {
      const lists = [pyIter(v), ...args.map((x) => pyIter(x))]
      const fill = kw.fillvalue === undefined ? null : normalize(kw.fillvalue)
      const n = Math.max(...lists.map((l) => l.length))
      return Array.from({ length: n }, (_, i) => Tuple.of2(lists.map((l) => (i < l.length ? l[i] : fill))))
    },
    log: (_e, v, args) => {
      const x = num(v)
      if (x <= 0) throw new PyError('ValueError', 'math domain error')
      return mkFloat(args.length ? Math.log(x) / Math.log(num(normalize(args[0]))) : Math.log(x))
    },
    pow: (_e, v, args) => mkFloat(Math.pow(num(v), num(normalize(args[0])))),
    root: (_e, v, args) => {
      const base = args.length ? num(normalize(args[0])) : 2
      const x = num(v)
      return mkFloat(base === 2 ? Math.sqrt(x) : base === 3 ? Math.cbrt(x) : Math.pow(x, 1 / base))
    },
    rekey_on_member: (_e, v, args, kw) => {
      const a = bind('rekey_on_member', args, kw, ['key', 'duplicates'], { duplicates: 'error' })
      if (a.duplicates !== 'error' && a.duplicates !== 'overwrite') throw new FilterError(`duplicates parameter to rekey_on_member has unknown value: ${pyStr(a.duplicates)}`)
      const items = isDict(v) ? Object.values(v) : pyIter(v)
      const out = newDict()
      for (const itIn of items) {
        const it = normalize(itIn)
        if (!isDict(it)) throw new FilterError('List item is not a valid dict')
        const key = pyStr(a.key)
        if (!Object.hasOwn(it, key)) throw new FilterError(`Key ${key} was not found`)
        const nk = dictKey(it[key])
        if (Object.hasOwn(out, nk) && a.duplicates === 'error') throw new FilterError(`Key ${nk} is not unique, cannot correctly turn into dict`)
        setKey(out, nk, it)
      }
      return out
    },
  }
}
