/**
 * The items of `loop:` and `with_<lookup>:`, as Ansible computes them: `loop` takes the list as it
 * is, `with_items` flattens one level, `with_dict` gives {key, value} pairs, other `with_*` names
 * call the lookup of that name.
 */
import { DroverError, TemplateError } from '../errors.js'
import type { LoopSpec } from '../playbook/types.js'
import type { Templar } from '../template/index.js'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

function sequence(spec: string): string[] {
  const options: Record<string, string> = {}
  const shortcut = /^\s*(-?\d+|0x[0-9a-f]+)?-?(-?\d+|0x[0-9a-f]+)(\/(\d+))?(:(.+))?\s*$/i.exec(spec)
  if (!spec.includes('=') && shortcut) {
    options.start = shortcut[1] ?? '1'
    options.end = shortcut[2]!
    if (shortcut[4]) options.stride = shortcut[4]
    if (shortcut[6]) options.format = shortcut[6]
  } else {
    for (const pair of spec.trim().split(/\s+/)) {
      const [k, v] = pair.split('=')
      if (k && v !== undefined) options[k] = v
    }
  }
  const start = Number(options.start ?? 1)
  const stride = Number(options.stride ?? 1)
  const end = options.count !== undefined ? start + (Number(options.count) - 1) * stride : Number(options.end)
  if (![start, end, stride].every(Number.isFinite) || stride === 0) throw new DroverError('E_LOOP', `can't parse arguments for with_sequence: '${spec}'`)
  const format = options.format ?? '%d'
  const out: string[] = []
  for (let n = start; stride > 0 ? n <= end : n >= end; n += stride) {
    out.push(format.replace(/%(0?)(\d*)([dxXo])/, (_, zero: string, width: string, kind: string) => {
      const text = kind === 'd' ? String(n) : kind === 'o' ? n.toString(8) : kind === 'x' ? n.toString(16) : n.toString(16).toUpperCase()
      return width ? text.padStart(Number(width), zero ? '0' : ' ') : text
    }))
  }
  return out
}

function product(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, list) => acc.flatMap((prefix) => list.map((x) => [...prefix, x])), [[]])
}

export function loopItems(spec: LoopSpec, templar: Templar, vars: Record<string, unknown>): unknown[] {
  const where = spec.where
  const rendered = templar.renderDeep(spec.items, vars, { where, native: false })
  if (spec.kind === 'loop') {
    if (!Array.isArray(rendered)) {
      throw new TemplateError(
        `Invalid data passed to 'loop', it requires a list, got this instead: ${typeof rendered === 'string' ? rendered : JSON.stringify(rendered)}. Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.`,
        where,
        'E_LOOP',
      )
    }
    return rendered
  }
  switch (spec.lookup) {
    case 'items':
      return asList(rendered).flatMap((x) => (Array.isArray(x) ? x : [x]))
    case 'list':
      return asList(rendered)
    case 'indexed_items':
      return asList(rendered).flatMap((x) => (Array.isArray(x) ? x : [x])).map((x, i) => [i, x])
    case 'dict':
    case 'dictionary': {
      if (!isRecord(rendered)) throw new TemplateError(`with_dict expects a dict, got ${JSON.stringify(rendered)}`, where, 'E_LOOP')
      return Object.entries(rendered).map(([key, value]) => ({ key, value }))
    }
    case 'together': {
      const lists = asList(rendered).map(asList)
      const length = Math.max(0, ...lists.map((l) => l.length))
      return Array.from({ length }, (_, i) => lists.map((l) => (i < l.length ? l[i] : null)))
    }
    case 'nested':
    case 'cartesian':
      return product(asList(rendered).map(asList))
    case 'sequence':
      return asList(rendered).flatMap((s) => sequence(String(s)))
    case 'subelements': {
      const [list, key, flags] = asList(rendered)
      const skipMissing = isRecord(flags) && Boolean(flags.skip_missing)
      return asList(list).flatMap((element) => {
        if (!isRecord(element)) throw new TemplateError('the first argument of with_subelements must be a list of dicts', where, 'E_LOOP')
        const sub = element[String(key)]
        if (sub === undefined) {
          if (skipMissing) return []
          throw new TemplateError(`could not find '${String(key)}' key in iterated item '${JSON.stringify(element)}'`, where, 'E_LOOP')
        }
        return asList(sub).map((s) => [element, s])
      })
    }
    default: {
      const terms = asList(rendered)
      const names = terms.map((_, i) => `__drover_term_${i}`)
      const termVars = { ...vars, ...Object.fromEntries(terms.map((t, i) => [names[i]!, t])) }
      const result = templar.render(`{{ query(${JSON.stringify(spec.lookup)}${names.map((n) => `, ${n}`).join('')}) }}`, termVars, { where, native: false })
      return asList(result)
    }
  }
}
