/**
 * One render against one vars object: lazy, cached, cycle-checked variable templating (Ansible
 * templates a variable's value when a template first reads it), globals, includes, and the
 * TemplateEnv that filters, tests and lookups see.
 */
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { TemplateError } from '../errors.js'
import { getAttr, getItem } from './access.js'
import { joinParts, type CompiledBody, type Runtime } from './compiler.js'
import { countTrailingNewlines, evalConcat, nativeConcat } from './concat.js'
import { makeGlobals } from './globals.js'
import type { LexOptions } from './lexer.js'
import { NOT_FOUND, Scope } from './objects.js'
import type { FilterDef, LookupFn, Registry, TemplateEnv, TestDef } from './registry.js'
import { isUnsafe } from './unsafe.js'
import { PyError, Undefined, failUndefined, isDict, normalize, pyRepr, undefinedName } from './values.js'

export const SINGLE_VAR = /^\{\{\s*(\w*)\s*\}\}$/

export function isPossiblyTemplate(s: string): boolean {
  return s.includes('{{') || s.includes('{%') || s.includes('{#')
}

/** What a Session needs from its Templar. */
export interface Engine {
  readonly filters: Registry<FilterDef>
  readonly tests: Registry<TestDef>
  readonly lookups: Map<string, LookupFn>
  compile(source: string, lex: LexOptions, newline: string): CompiledBody
  lexFor(kind: 'string' | 'file'): LexOptions
  regex(pattern: string, flags: { ignorecase?: boolean; multiline?: boolean }): RegExp
}

/** Reads a variable through a prototype chain of layers, never from Object.prototype. */
export function lookupVar(vars: object, name: string): unknown {
  for (let o: object | null = vars; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    if (Object.hasOwn(o, name)) return (o as Record<string, unknown>)[name]
  }
  return NOT_FOUND
}

function hasTemplate(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return isPossiblyTemplate(v)
  if (typeof v !== 'object' || v === null || isUnsafe(v) || depth > 100) return false
  if (Array.isArray(v)) return v.some((x) => hasTemplate(x, depth + 1))
  if (isDict(v)) {
    for (const k in v) if (Object.hasOwn(v, k) && hasTemplate(v[k], depth + 1)) return true
  }
  return false
}

export class Session implements Runtime, TemplateEnv {
  readonly env: TemplateEnv = this
  unsafe = false
  private readonly cache = new Map<string, unknown>()
  private readonly resolving: string[] = []
  private globals?: Map<string, unknown>

  constructor(
    readonly engine: Engine,
    readonly vars: Record<string, unknown>,
    readonly native: boolean,
    readonly searchPath: string[],
    private readonly fileLex?: { lex: LexOptions; newline: string },
  ) {}

  // ---- Runtime ----

  resolve(name: string): unknown {
    const cached = this.cache.get(name)
    if (cached !== undefined || this.cache.has(name)) return cached
    const raw = lookupVar(this.vars, name)
    if (raw === NOT_FOUND) {
      this.globals ??= makeGlobals(this)
      const g = this.globals.get(name)
      return g !== undefined ? g : undefinedName(name)
    }
    const v = this.templateVar(name, raw)
    this.cache.set(name, v)
    return v
  }

  private templateVar(name: string, raw: unknown): unknown {
    if (raw === null || raw === undefined) return null
    if (typeof raw !== 'object' && typeof raw !== 'string') return raw
    if (isUnsafe(raw)) {
      this.unsafe = true
      return normalize(raw)
    }
    if (!hasTemplate(raw)) return raw
    const at = this.resolving.indexOf(name)
    if (at >= 0) {
      const cycle = [...this.resolving.slice(at), name].join(' -> ')
      throw new TemplateError(`recursive loop detected in template: ${cycle}`, {}, 'E_TEMPLATE_CYCLE')
    }
    this.resolving.push(name)
    try {
      return this.templateDeep(raw)
    } catch (e) {
      // As Ansible: a variable whose template hits an undefined name is itself undefined, failing
      // only when used, so `default` and `is defined` still work on it.
      if (e instanceof TemplateError && e.code === 'E_UNDEFINED_VAR') {
        return new Undefined(`${typeof raw === 'string' ? raw : pyRepr(raw)}: ${e.message}`, name)
      }
      throw e
    } finally {
      this.resolving.pop()
    }
  }

  include(name: string): CompiledBody | null {
    const path = this.findFile(name, true)
    if (!path) return null
    const f = this.fileLex ?? { lex: this.engine.lexFor('file'), newline: '\n' }
    return this.engine.compile(readFileSync(path, 'utf8'), f.lex, f.newline)
  }

  /** A file in the search path, trying each directory's `subdir` (files/, templates/) first. */
  findFile(name: string, subdir?: string | boolean): string | null {
    if (isAbsolute(name)) return existsSync(name) ? name : null
    const sub = subdir === true ? 'templates' : subdir || undefined
    for (const dir of this.searchPath) {
      const candidates = sub ? [join(dir, sub, name), join(dir, name)] : [join(dir, name)]
      for (const c of candidates) if (existsSync(c)) return c
    }
    return null
  }

  // ---- templating strings (Ansible's Templar.template) ----

  /** Render a task string: SINGLE_VAR shortcut, native or eval concat, trailing newlines kept. */
  templateString(source: string): unknown {
    if (!isPossiblyTemplate(source)) return source
    const single = SINGLE_VAR.exec(source)
    if (single) {
      const raw = lookupVar(this.vars, single[1])
      if (raw === null || typeof raw === 'boolean' || typeof raw === 'number') return raw
    }
    const body = this.engine.compile(source, this.engine.lexFor('string'), '\n')
    const parts: unknown[] = []
    body({ scope: new Scope(), rt: this }, parts)
    let res = this.native ? nativeConcat(parts) : evalConcat(parts)
    if (res instanceof Undefined) failUndefined(res)
    if (typeof res === 'string') {
      const want = countTrailingNewlines(source)
      const have = countTrailingNewlines(res)
      if (want > have) res += '\n'.repeat(want - have)
    }
    return res
  }

  templateDeep(v: unknown): unknown {
    if (typeof v === 'string') return this.templateString(v)
    if (typeof v !== 'object' || v === null) return v
    if (isUnsafe(v)) {
      this.unsafe = true
      return normalize(v)
    }
    if (Array.isArray(v)) return v.map((x) => this.templateDeep(x))
    if (isDict(v)) {
      const out: Record<string, unknown> = {}
      for (const k of Object.keys(v)) {
        const r = this.templateDeep(v[k])
        if (k === '__proto__') Object.defineProperty(out, k, { value: r, enumerable: true, writable: true, configurable: true })
        else out[k] = r
      }
      return out
    }
    return v
  }

  // ---- TemplateEnv ----

  filter(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown {
    const def = this.engine.filters.get(name)
    if (!def) throw new TemplateError(`No filter named '${name}'.`, {}, 'E_TEMPLATE_SYNTAX')
    if (value instanceof Undefined && !def.undefinedOk) failUndefined(value)
    return def.fn(this, normalize(value), args, kwargs)
  }

  test(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>): boolean {
    const def = this.engine.tests.get(name)
    if (!def) throw new TemplateError(`No test named '${name}'.`, {}, 'E_TEMPLATE_SYNTAX')
    if (value instanceof Undefined && !def.undefinedOk && !value.lenient) failUndefined(value)
    return def.fn(this, normalize(value), args, kwargs)
  }

  hasTest(name: string): boolean {
    return this.engine.tests.has(name)
  }
  hasFilter(name: string): boolean {
    return this.engine.filters.has(name)
  }
  getAttr(obj: unknown, name: string): unknown {
    return getAttr(obj, name)
  }
  getItem(obj: unknown, key: unknown): unknown {
    return getItem(obj, key)
  }
  resolveVar(name: string): unknown {
    return this.resolve(name)
  }
  regex(pattern: string, flags: { ignorecase?: boolean; multiline?: boolean } = {}): RegExp {
    return this.engine.regex(pattern, flags)
  }
  noteUnsafe(): void {
    this.unsafe = true
  }

  renderString(template: string, extraVars?: Record<string, unknown>, opts?: { native?: boolean; file?: boolean }): unknown {
    const vars = extraVars ? Object.assign(Object.create(this.vars) as Record<string, unknown>, extraVars) : this.vars
    const sub = new Session(this.engine, vars, opts?.native ?? this.native, this.searchPath, this.fileLex)
    const res = opts?.file ? sub.templateFile(template, this.engine.lexFor('file'), '\n') : sub.templateString(template)
    if (sub.unsafe) this.unsafe = true
    return res
  }

  /** The template module's rendering: plain text, trailing newlines kept. */
  templateFile(source: string, lex: LexOptions, newline: string): string {
    const body = this.engine.compile(source, lex, newline)
    const parts: unknown[] = []
    const self = this.fileLex ? this : new Session(this.engine, this.vars, false, this.searchPath, { lex, newline })
    body({ scope: new Scope(), rt: self }, parts)
    if (self !== this && self.unsafe) this.unsafe = true
    let res = joinParts(parts, false)
    const want = countTrailingNewlines(source)
    const have = countTrailingNewlines(res)
    if (want > have) res += newline.repeat(want - have)
    return res
  }

  runLookup(name: string, terms: unknown[], kwargs: Record<string, unknown>, wantList: boolean): unknown {
    const fn = this.engine.lookups.get(name.replace(/^ansible\.(builtin|legacy)\./, ''))
    if (!fn) throw new TemplateError(`lookup plugin (${name}) not found`, {}, 'E_TEMPLATE_LOOKUP')
    const kw = { ...kwargs }
    const errors = normalize(kw.errors) ?? 'strict'
    delete kw.errors
    delete kw.wantlist
    const allowUnsafe = normalize(kw.allow_unsafe) === true
    delete kw.allow_unsafe
    let ran: unknown[]
    try {
      ran = fn(this, terms.map((t) => {
        const v = normalize(t)
        if (v instanceof Undefined) failUndefined(v)
        return v
      }), kw)
    } catch (e) {
      if (errors === 'ignore' || errors === 'warn') return wantList ? [] : null
      if (e instanceof TemplateError) throw e
      const msg = e instanceof Error ? e.message : String(e)
      throw new TemplateError(`An unhandled exception occurred while running the lookup plugin '${name}'. Error was a ${e instanceof PyError ? e.pyClass : 'Error'}, original message: ${msg}`, {}, 'E_TEMPLATE_LOOKUP')
    }
    if (!allowUnsafe && ran.length) this.unsafe = true
    if (wantList) return ran
    if (!ran.length) return ran
    if (ran.every((x) => typeof x === 'string')) return ran.join(',')
    return ran.length === 1 ? ran[0] : ran
  }
}
