/**
 * Compiles the AST into JavaScript closures once per distinct template; rendering then only runs
 * closures. Statements push output parts (data strings and native values) into an array so the
 * caller can apply Ansible's native or string concatenation rules at the end.
 */
import type { CallArgs, Expr, MacroDef, Stmt, Target } from './ast.js'
import { SliceVal, getAttr, getItem } from './access.js'
import { TemplateSyntaxError } from './lexer.js'
import { LoopCtx, Namespace, NOT_FOUND, Scope } from './objects.js'
import { binop, compare, concatStr, neg, pos } from './operators.js'
import type { FilterDef, Registry, TemplateEnv, TestDef } from './registry.js'
import {
  PyCallable, PyError, Tuple, Undefined, dictKey, failUndefined, isDict, isPyObject, newDict, normalize, pyIter, pyStr,
  setKey, truthy, typeName,
} from './values.js'
import { TemplateError } from '../errors.js'

/** Per-render state shared by all closures of one render. */
export interface Runtime {
  resolve(name: string): unknown
  env: TemplateEnv
  native: boolean
  /** Compile (cached) and return an included template's body, or null if not found. */
  include(name: string): CompiledBody | null
}

export interface Ctx {
  scope: Scope
  rt: Runtime
}

export type CE = (c: Ctx) => unknown
export type CS = (c: Ctx, out: unknown[]) => void
export type CompiledBody = CS

/** A string output that must stay a string (Ansible's NativeJinjaText). */
export class NativeText {
  constructor(readonly s: string) {}
}


/** Attach the template line to errors raised while rendering a statement. */
export function withLine(e: unknown, line: number): unknown {
  if (e instanceof TemplateError && (e as { tplLine?: number }).tplLine === undefined) {
    ;(e as { tplLine?: number }).tplLine = line
  }
  return e
}

/** Output parts joined as text, the way Jinja's string concat does in a macro or block. */
export function joinParts(parts: unknown[], native: boolean): string {
  let s = ''
  for (const p of parts) {
    if (typeof p === 'string') s += p
    else if (p instanceof NativeText) s += p.s
    else if (p === null || p === undefined) s += native ? 'None' : ''
    else s += pyStr(p)
  }
  return s
}

export function callValue(fIn: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown {
  const f = normalize(fIn)
  if (f instanceof PyCallable) return f.fn(args, kwargs)
  if (f instanceof Undefined) failUndefined(f)
  if (isPyObject(f)) {
    const call = f.pyGetAttr('__call__')
    if (call instanceof PyCallable) return call.fn(args, kwargs)
  }
  throw new PyError('TypeError', `'${typeName(f)}' object is not callable`)
}

export class Compiler {
  constructor(
    private readonly filters: Registry<FilterDef>,
    private readonly tests: Registry<TestDef>,
    private readonly newline = '\n',
  ) {}

  compileBody(stmts: Stmt[]): CS {
    const parts = stmts.map((s) => this.stmt(s))
    if (parts.length === 1) return parts[0]
    return (c, out) => {
      for (const p of parts) p(c, out)
    }
  }

  private stmt(s: Stmt): CS {
    switch (s.k) {
      case 'data': {
        const text = this.newline === '\n' ? s.text : s.text.replace(/\n/g, this.newline)
        return (_c, out) => {
          out.push(text)
        }
      }
      case 'output': {
        const f = this.expr(s.expr)
        const line = s.line
        const stringType = s.expr.k === 'filter' && this.filters.get(s.expr.name)?.stringType === true
        return (c, out) => {
          try {
            const v = f(c)
            if (typeof v === 'object' && v !== null) assertDefined(v)
            out.push(stringType && typeof v === 'string' ? new NativeText(v) : v)
          } catch (e) {
            throw withLine(e, line)
          }
        }
      }
      case 'if': {
        const branches = s.branches.map((b) => ({ test: this.expr(b.test), body: this.compileBody(b.body) }))
        const els = s.else ? this.compileBody(s.else) : undefined
        const line = s.line
        return (c, out) => {
          for (const b of branches) {
            let ok: boolean
            try {
              ok = truthy(b.test(c))
            } catch (e) {
              throw withLine(e, line)
            }
            if (ok) return b.body(c, out)
          }
          if (els) els(c, out)
        }
      }
      case 'for': return this.forLoop(s)
      case 'set': {
        const v = this.expr(s.value)
        const target = s.target
        const line = s.line
        return (c) => {
          try {
            assign(target, v(c), c)
          } catch (e) {
            throw withLine(e, line)
          }
        }
      }
      case 'setblock': {
        const body = this.compileBody(s.body)
        const filters = s.filters.map((f) => this.filterStep(f))
        const target = s.target
        return (c) => {
          const parts: unknown[] = []
          body(c, parts)
          let v: unknown = joinParts(parts, c.rt.native)
          for (const f of filters) v = f(c, v)
          assign(target, v, c)
        }
      }
      case 'macro': {
        const def = s.def
        const body = this.compileBody(def.body)
        const defaults = def.params.map((p) => (p.def ? this.expr(p.def) : undefined))
        return (c) => {
          c.scope.vars.set(def.name, makeMacro(def, body, defaults, c))
        }
      }
      case 'callblock': {
        const call = s.call as Extract<Expr, { k: 'call' }>
        const fn = this.expr(call.fn)
        const args = this.callArgs(call.call)
        const body = this.compileBody(s.body)
        const params = s.params
        const defaults = params.map((p) => (p.def ? this.expr(p.def) : undefined))
        const line = s.line
        return (c, out) => {
          try {
            const caller = makeMacro({ name: 'caller', params, body: [] }, body, defaults, c)
            const [a, kw] = args(c)
            kw.caller = caller
            out.push(callValue(fn(c), a, kw))
          } catch (e) {
            throw withLine(e, line)
          }
        }
      }
      case 'filterblock': {
        const body = this.compileBody(s.body)
        const filters = s.filters.map((f) => this.filterStep(f))
        return (c, out) => {
          const parts: unknown[] = []
          body(c, parts)
          let v: unknown = joinParts(parts, c.rt.native)
          for (const f of filters) v = f(c, v)
          out.push(v)
        }
      }
      case 'include': {
        const tpl = this.expr(s.template)
        const { ignoreMissing, withContext, line } = s
        return (c, out) => {
          let names: unknown
          try {
            names = normalize(tpl(c))
          } catch (e) {
            throw withLine(e, line)
          }
          const list = Array.isArray(names) ? names : [names]
          for (const n of list) {
            const body = c.rt.include(pyStr(n))
            if (body) {
              body({ scope: new Scope(withContext ? c.scope : undefined), rt: c.rt }, out)
              return
            }
          }
          if (!ignoreMissing) {
            throw withLine(new TemplateError(`Template not found: ${list.map((n) => pyStr(n)).join(', ')}`, {}, 'E_TEMPLATE_NOT_FOUND'), line)
          }
        }
      }
      case 'with': {
        const targets = s.targets.map(([t, e]) => [t, this.expr(e)] as const)
        const body = this.compileBody(s.body)
        return (c, out) => {
          const scope = new Scope(c.scope)
          const vals = targets.map(([, e]) => e(c))
          const inner = { scope, rt: c.rt }
          targets.forEach(([t], i) => assign(t, vals[i], inner))
          body(inner, out)
        }
      }
      case 'do': {
        const e = this.expr(s.expr)
        return (c) => {
          e(c)
        }
      }
    }
  }

  private forLoop(s: Extract<Stmt, { k: 'for' }>): CS {
    const iter = this.expr(s.iter)
    const filter = s.filter ? this.expr(s.filter) : undefined
    const body = this.compileBody(s.body)
    const els = s.else ? this.compileBody(s.else) : undefined
    const { target, line, recursive } = s
    const run = (c: Ctx, out: unknown[], src: unknown, depth: number): void => {
      let items: unknown[]
      try {
        const it = normalize(src)
        items = pyIter(it)
        if (filter) {
          items = items.filter((item) => {
            const inner = { scope: new Scope(c.scope), rt: c.rt }
            assign(target, item, inner)
            return truthy(filter(inner))
          })
        }
      } catch (e) {
        throw withLine(e, line)
      }
      if (!items.length) {
        if (els) els(c, out)
        return
      }
      const recurse = recursive
        ? (sub: unknown) => {
            const parts: unknown[] = []
            run(c, parts, sub, depth + 1)
            return joinParts(parts, c.rt.native)
          }
        : undefined
      const loop = new LoopCtx(items, depth, recurse)
      for (let i = 0; i < items.length; i++) {
        loop.index0 = i
        const scope = new Scope(c.scope)
        scope.vars.set('loop', loop)
        const inner = { scope, rt: c.rt }
        try {
          assign(target, items[i], inner)
          body(inner, out)
        } catch (e) {
          throw withLine(e, line)
        }
      }
    }
    return (c, out) => {
      let src: unknown
      try {
        src = iter(c)
      } catch (e) {
        throw withLine(e, line)
      }
      run(c, out, src, 0)
    }
  }

  /** A filter applied to a block's text (`{% filter upper %}`, `{% set x | trim %}`). */
  private filterStep(f: Expr): (c: Ctx, v: unknown) => unknown {
    if (f.k !== 'filter') throw new TemplateSyntaxError('expected a filter', f.line)
    const def = this.filterDef(f.name, f.line)
    const args = this.callArgs(f.call)
    return (c, v) => {
      const [a, kw] = args(c)
      return def.fn(c.rt.env, v, a, kw)
    }
  }

  private filterDef(name: string, line: number): FilterDef {
    const def = this.filters.get(name)
    if (!def) throw new TemplateSyntaxError(`Could not load "${name}": '${name}'`, line)
    return def
  }

  private callArgs(call: CallArgs): (c: Ctx) => [unknown[], Record<string, unknown>] {
    const args = call.args.map((a) => this.expr(a))
    const kwargs = call.kwargs.map(([k, e]) => [k, this.expr(e)] as const)
    const star = call.star ? this.expr(call.star) : undefined
    const starstar = call.starstar ? this.expr(call.starstar) : undefined
    if (!star && !starstar && !kwargs.length) {
      if (!args.length) return () => [[], {}]
      return (c) => [args.map((a) => a(c)), {}]
    }
    return (c) => {
      const a = args.map((f) => f(c))
      const kw: Record<string, unknown> = {}
      for (const [k, f] of kwargs) setKey(kw, k, f(c))
      if (star) a.push(...pyIter(star(c)))
      if (starstar) {
        const d = normalize(starstar(c))
        if (!isDict(d)) throw new PyError('TypeError', 'argument after ** must be a mapping')
        for (const k of Object.keys(d)) setKey(kw, k, d[k])
      }
      return [a, kw]
    }
  }

  expr(e: Expr): CE {
    switch (e.k) {
      case 'const': {
        const v = e.value
        return () => v
      }
      case 'name': {
        const name = e.name
        return (c) => {
          const v = c.scope.lookup(name)
          return v !== NOT_FOUND ? v : c.rt.resolve(name)
        }
      }
      case 'getattr': {
        const o = this.expr(e.obj)
        const attr = e.attr
        return (c) => getAttr(o(c), attr)
      }
      case 'getitem': {
        const o = this.expr(e.obj)
        if (e.key.k === 'slice') {
          const sl = e.key
          const [a, b, st] = [sl.start, sl.stop, sl.step].map((x) => (x ? this.expr(x) : () => null))
          return (c) => getItem(o(c), new SliceVal(a(c), b(c), st(c)))
        }
        const k = this.expr(e.key)
        return (c) => getItem(o(c), k(c))
      }
      case 'slice': throw new TemplateSyntaxError('unexpected slice', e.line)
      case 'list': {
        const items = e.items.map((i) => this.expr(i))
        return (c) => items.map((f) => f(c))
      }
      case 'tuple': {
        const items = e.items.map((i) => this.expr(i))
        return (c) => Tuple.of2(items.map((f) => f(c)))
      }
      case 'dict': {
        const pairs = e.pairs.map(([k, v]) => [this.expr(k), this.expr(v)] as const)
        return (c) => {
          const d = newDict()
          for (const [k, v] of pairs) setKey(d, dictKey(k(c)), v(c))
          return d
        }
      }
      case 'call': {
        const fn = this.expr(e.fn)
        const args = this.callArgs(e.call)
        return (c) => {
          const f = fn(c)
          const [a, kw] = args(c)
          return callValue(f, a, kw)
        }
      }
      case 'filter': {
        if (!e.node) throw new TemplateSyntaxError('filter without a value', e.line)
        const node = this.expr(e.node)
        const def = this.filterDef(e.name, e.line)
        const args = this.callArgs(e.call)
        const fn = def.fn
        const undefOk = def.undefinedOk === true
        return (c) => {
          let v = node(c)
          if (v instanceof Undefined && !undefOk) {
            if (!v.lenient) failUndefined(v)
            v = ''
          }
          const [a, kw] = args(c)
          return fn(c.rt.env, normalize(v), a, kw)
        }
      }
      case 'test': {
        const node = this.expr(e.node)
        const def = this.tests.get(e.name)
        if (!def) throw new TemplateSyntaxError(`Could not load "${e.name}": '${e.name}'`, e.line)
        const args = this.callArgs(e.call)
        const undefOk = def.undefinedOk === true
        const fn = def.fn
        return (c) => {
          const v = normalize(node(c))
          if (v instanceof Undefined && !undefOk && !v.lenient) failUndefined(v)
          const [a, kw] = args(c)
          return fn(c.rt.env, v, a, kw)
        }
      }
      case 'not': {
        const n = this.expr(e.node)
        return (c) => !truthy(n(c))
      }
      case 'neg': {
        const n = this.expr(e.node)
        return (c) => neg(n(c))
      }
      case 'pos': {
        const n = this.expr(e.node)
        return (c) => pos(n(c))
      }
      case 'binop': {
        const l = this.expr(e.left)
        const r = this.expr(e.right)
        const op = e.op
        return (c) => binop(op, l(c), r(c))
      }
      case 'and': {
        const l = this.expr(e.left)
        const r = this.expr(e.right)
        return (c) => {
          const a = l(c)
          return truthy(a) ? r(c) : a
        }
      }
      case 'or': {
        const l = this.expr(e.left)
        const r = this.expr(e.right)
        return (c) => {
          const a = l(c)
          return truthy(a) ? a : r(c)
        }
      }
      case 'compare': {
        const first = this.expr(e.first)
        const ops = e.ops.map(([op, x]) => [op, this.expr(x)] as const)
        return (c) => {
          let a = first(c)
          for (const [op, f] of ops) {
            const b = f(c)
            if (!compare(op, a, b)) return false
            a = b
          }
          return true
        }
      }
      case 'concat': {
        const nodes = e.nodes.map((n) => this.expr(n))
        return (c) => concatStr(nodes.map((f) => f(c)))
      }
      case 'cond': {
        const test = this.expr(e.test)
        const yes = this.expr(e.yes)
        const no = e.no ? this.expr(e.no) : undefined
        const msg = `the inline if-expression on line ${e.line} evaluated to false and no else section was defined.`
        return (c) => (truthy(test(c)) ? yes(c) : no ? no(c) : new Undefined(msg, undefined, true))
      }
    }
  }
}

/** Ansible's finalize: an output holding a strict Undefined anywhere fails here, at its line. */
function assertDefined(v: unknown, depth = 0): void {
  if (v instanceof Undefined) {
    if (!v.lenient) failUndefined(v)
  } else if (depth < 50 && Array.isArray(v)) {
    for (const x of v) if (typeof x === 'object' && x !== null) assertDefined(x, depth + 1)
  } else if (depth < 50 && isDict(v)) {
    for (const k in v) {
      const x = v[k]
      if (typeof x === 'object' && x !== null) assertDefined(x, depth + 1)
    }
  }
}

function assign(t: Target, value: unknown, c: Ctx): void {
  switch (t.k) {
    case 'name':
      c.scope.vars.set(t.name, value)
      return
    case 'nsattr': {
      const ns = c.scope.lookup(t.ns)
      const obj = ns === NOT_FOUND ? c.rt.resolve(t.ns) : ns
      if (!(obj instanceof Namespace)) throw new TemplateError('cannot assign attribute on non-namespace object', {}, 'E_TEMPLATE')
      obj.set(t.attr, value)
      return
    }
    case 'tuple': {
      const items = pyIter(value)
      if (items.length > t.items.length) throw new PyError('ValueError', `too many values to unpack (expected ${t.items.length})`)
      if (items.length < t.items.length) throw new PyError('ValueError', `not enough values to unpack (expected ${t.items.length}, got ${items.length})`)
      t.items.forEach((sub, i) => assign(sub, items[i], c))
    }
  }
}

function makeMacro(def: MacroDef, body: CS, defaults: Array<CE | undefined>, defCtx: Ctx): PyCallable {
  return new PyCallable(def.name, (args, kwargs) => {
    const scope = new Scope(defCtx.scope)
    const inner: Ctx = { scope, rt: defCtx.rt }
    const kw = { ...kwargs }
    def.params.forEach((p, i) => {
      let v: unknown
      if (i < args.length) {
        if (Object.hasOwn(kw, p.name)) throw new PyError('TypeError', `macro '${def.name}' got multiple values for argument '${p.name}'`)
        v = args[i]
      } else if (Object.hasOwn(kw, p.name)) {
        v = kw[p.name]
        delete kw[p.name]
      } else if (defaults[i]) v = defaults[i]!(inner)
      else v = new Undefined(`parameter '${p.name}' was not provided`, p.name)
      scope.vars.set(p.name, v)
    })
    if (Object.hasOwn(kw, 'caller')) {
      scope.vars.set('caller', kw.caller)
      delete kw.caller
    }
    scope.vars.set('varargs', Tuple.of2(args.slice(def.params.length)))
    const rest = newDict()
    for (const k of Object.keys(kw)) setKey(rest, k, kw[k])
    scope.vars.set('kwargs', rest)
    const parts: unknown[] = []
    body(inner, parts)
    return joinParts(parts, defCtx.rt.native)
  })
}
