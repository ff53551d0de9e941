/** Template-visible objects: loop, namespace(), cycler(), joiner(), macros. */
import { NO_ATTR, PyCallable, PyError, Undefined, newDict, setKey, type PyObject } from './values.js'

/** Local variables of one scope (for body, macro call, with block). */
export class Scope {
  readonly vars = new Map<string, unknown>()
  constructor(readonly parent?: Scope) {}

  lookup(name: string): unknown {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.vars.has(name)) return s.vars.get(name)
    }
    return NOT_FOUND
  }

  /** All locals visible here, innermost winning (for include). */
  flatten(): Map<string, unknown> {
    const chain: Scope[] = []
    for (let s: Scope | undefined = this; s; s = s.parent) chain.unshift(s)
    const out = new Map<string, unknown>()
    for (const s of chain) for (const [k, v] of s.vars) out.set(k, v)
    return out
  }
}
export const NOT_FOUND: unique symbol = Symbol('not-found')

export class LoopCtx implements PyObject {
  readonly pyType = 'LoopContext'
  index0 = 0
  private lastChanged: unknown = NOT_FOUND
  constructor(
    readonly items: unknown[],
    readonly depth0: number,
    private readonly recurse?: (items: unknown) => unknown,
  ) {}

  pyGetAttr(name: string): unknown {
    const i = this.index0
    const n = this.items.length
    switch (name) {
      case 'index': return i + 1
      case 'index0': return i
      case 'revindex': return n - i
      case 'revindex0': return n - i - 1
      case 'first': return i === 0
      case 'last': return i === n - 1
      case 'length': return n
      case 'depth': return this.depth0 + 1
      case 'depth0': return this.depth0
      case 'previtem': return i > 0 ? this.items[i - 1] : new Undefined("there is no previous item", 'previtem')
      case 'nextitem': return i < n - 1 ? this.items[i + 1] : new Undefined('there is no next item', 'nextitem')
      case 'cycle':
        return new PyCallable('cycle', (args) => {
          if (!args.length) throw new PyError('TypeError', 'no items for cycling given')
          return args[i % args.length]
        })
      case 'changed':
        return new PyCallable('changed', (args) => {
          const key = JSON.stringify(args)
          if (key === this.lastChanged) return false
          this.lastChanged = key
          return true
        })
      case '__call__':
        if (!this.recurse) return NO_ATTR
        return new PyCallable('loop', (args) => this.recurse!(args[0]))
    }
    return NO_ATTR
  }
}

export class Namespace implements PyObject {
  readonly pyType = 'Namespace'
  readonly attrs = newDict()
  constructor(init: Record<string, unknown>) {
    for (const k of Object.keys(init)) setKey(this.attrs, k, init[k])
  }
  pyGetAttr(name: string): unknown {
    return Object.hasOwn(this.attrs, name) ? this.attrs[name] : NO_ATTR
  }
  set(name: string, v: unknown): void {
    setKey(this.attrs, name, v)
  }
}

export class Cycler implements PyObject {
  readonly pyType = 'Cycler'
  private pos = 0
  constructor(private readonly items: unknown[]) {
    if (!items.length) throw new PyError('RuntimeError', 'at least one item has to be provided')
  }
  pyGetAttr(name: string): unknown {
    switch (name) {
      case 'current': return this.items[this.pos]
      case 'next': return new PyCallable('next', () => {
        const v = this.items[this.pos]
        this.pos = (this.pos + 1) % this.items.length
        return v
      })
      case 'reset': return new PyCallable('reset', () => { this.pos = 0; return null })
    }
    return NO_ATTR
  }
}

export class Joiner implements PyObject {
  readonly pyType = 'Joiner'
  private used = false
  constructor(private readonly sep: string) {}
  pyGetAttr(name: string): unknown {
    if (name !== '__call__') return NO_ATTR
    return new PyCallable('joiner', () => {
      if (!this.used) {
        this.used = true
        return ''
      }
      return this.sep
    })
  }
}
