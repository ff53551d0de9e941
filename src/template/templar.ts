/**
 * The Templar: what the rest of drover calls. Compiles each distinct template once (LRU cache)
 * and renders it against a vars object with Ansible 2.14's semantics.
 */
import { DroverError, TemplateError, type SourcePosition } from '../errors.js'
import { Compiler, type CompiledBody } from './compiler.js'
import { coreFilters } from './filters/index.js'
import { DEFAULT_LEX, TemplateSyntaxError, type LexOptions } from './lexer.js'
import { coreLookups } from './lookups/index.js'
import { parseExpression, parseTemplate } from './parser.js'
import { translatePattern } from './pyregex.js'
import { Scope } from './objects.js'
import { Registry, type FilterDef, type LookupFn, type TestDef } from './registry.js'
import { Session, isPossiblyTemplate, type Engine } from './session.js'
import { coreTests } from './tests/index.js'
import { isUnsafe } from './unsafe.js'
import { toPlain, truthy } from './values.js'

export interface RenderOptions {
  /** The task or template position, for error messages. */
  where?: SourcePosition
  /** Default true: a template that is a single {{ expr }} returns the native value (jinja2_native). False: Ansible 2.14's default string results. */
  native?: boolean
  /** Directories for lookup('file'), lookup('template') and {% include %} (role dirs, playbook dir). */
  searchPath?: string[]
}

/** The template module's options (ansible.builtin.template). */
export interface FileRenderOptions extends RenderOptions {
  trimBlocks?: boolean
  lstripBlocks?: boolean
  newlineSequence?: '\n' | '\r' | '\r\n'
  blockStartString?: string
  blockEndString?: string
  variableStartString?: string
  variableEndString?: string
  commentStartString?: string
  commentEndString?: string
}

export interface TrackedResult {
  value: unknown
  /** The result was built from unsafe data (host output, lookups): store it marked unsafe. */
  unsafe: boolean
}

export class Templar implements Engine {
  readonly filters = new Registry<FilterDef>().add(coreFilters())
  readonly tests = new Registry<TestDef>().add(coreTests())
  readonly lookups = new Map<string, LookupFn>(Object.entries(coreLookups()))
  private readonly cache = new Map<string, CompiledBody>()
  private readonly exprCache = new Map<string, (s: Session) => unknown>()
  private readonly regexCache = new Map<string, RegExp>()
  private readonly cacheSize: number
  private readonly stringLex: LexOptions = { ...DEFAULT_LEX, escapeBackslashes: true }
  private readonly fileLex: LexOptions = { ...DEFAULT_LEX }

  constructor(options: { cacheSize?: number } = {}) {
    this.cacheSize = options.cacheSize ?? 4096
  }

  lexFor(kind: 'string' | 'file'): LexOptions {
    return kind === 'string' ? this.stringLex : this.fileLex
  }

  compile(source: string, lex: LexOptions, newline: string): CompiledBody {
    const key = lexKey(lex, newline) + source
    const hit = this.cache.get(key)
    if (hit) {
      // refresh LRU position
      this.cache.delete(key)
      this.cache.set(key, hit)
      return hit
    }
    const body = new Compiler(this.filters, this.tests, newline).compileBody(parseTemplate(source, lex))
    this.cache.set(key, body)
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!)
    return body
  }

  regex(pattern: string, flags: { ignorecase?: boolean; multiline?: boolean } = {}): RegExp {
    const key = `${flags.ignorecase ? 'i' : ''}${flags.multiline ? 'm' : ''}/${pattern}`
    let re = this.regexCache.get(key)
    if (!re) {
      re = translatePattern(pattern, flags)
      this.regexCache.set(key, re)
      if (this.regexCache.size > this.cacheSize) this.regexCache.delete(this.regexCache.keys().next().value!)
    }
    return re
  }

  /** Number of compiled templates held (for tests and benchmarks). */
  get cachedTemplates(): number {
    return this.cache.size
  }

  private session(vars: Record<string, unknown>, options: RenderOptions = {}): Session {
    return new Session(this, vars, options.native ?? true, options.searchPath ?? [])
  }

  render(template: string, vars: Record<string, unknown>, options: RenderOptions = {}): unknown {
    return this.renderTracked(template, vars, options).value
  }

  /** As render, also saying whether unsafe data went into the result (for set_fact/register). */
  renderTracked(template: string, vars: Record<string, unknown>, options: RenderOptions = {}): TrackedResult {
    if (isUnsafe(template)) return { value: String(template), unsafe: true }
    if (typeof template !== 'string') return { value: template, unsafe: false }
    if (!isPossiblyTemplate(template)) return { value: template, unsafe: false }
    const s = this.session(vars, options)
    try {
      return { value: toPlain(s.templateString(template)), unsafe: s.unsafe }
    } catch (e) {
      throw locate(e, options.where, template, false)
    }
  }

  renderDeep(value: unknown, vars: Record<string, unknown>, options: RenderOptions = {}): unknown {
    const s = this.session(vars, options)
    try {
      return toPlain(s.templateDeep(value))
    } catch (e) {
      throw locate(e, options.where, typeof value === 'string' ? value : undefined, false)
    }
  }

  /** when / changed_when / failed_when / until: bare expressions, or lists of them ANDed. */
  evaluateConditional(cond: unknown, vars: Record<string, unknown>, options: RenderOptions = {}): boolean {
    const list = Array.isArray(cond) ? cond : [cond]
    for (const c of list) if (!this.checkOne(c, vars, options)) return false
    return true
  }

  private checkOne(cond: unknown, vars: Record<string, unknown>, options: RenderOptions): boolean {
    if (cond === null || cond === undefined || cond === '') return true
    if (typeof cond === 'boolean') return cond
    if (isUnsafe(cond)) throw new TemplateError('Conditional is marked as unsafe, and cannot be evaluated.', options.where ?? {}, 'E_TEMPLATE_UNSAFE')
    const s = this.session(vars, options)
    try {
      const first = typeof cond === 'string' ? s.templateString(cond) : s.templateDeep(cond)
      if (typeof first !== 'string') return truthy(first)
      if (first === '') return false
      if (s.unsafe && first !== cond) throw new TemplateError('Conditional is marked as unsafe, and cannot be evaluated.', {}, 'E_TEMPLATE_UNSAFE')
      return truthy(this.conditionExpr(first)(s))
    } catch (e) {
      const err = locate(e, options.where, undefined, false)
      const text = String(cond)
      const detail = err.code === 'E_UNDEFINED_VAR' ? `error while evaluating conditional (${text}): ${err.message}` : err.message
      throw new TemplateError(`The conditional check '${text}' failed. The error was: ${detail}`, options.where ?? {}, err.code)
    }
  }

  private conditionExpr(source: string): (s: Session) => unknown {
    let fn = this.exprCache.get(source)
    if (!fn) {
      const ce = new Compiler(this.filters, this.tests).expr(parseExpression(source))
      fn = (s: Session) => ce({ scope: new Scope(), rt: s })
      this.exprCache.set(source, fn)
      if (this.exprCache.size > this.cacheSize) this.exprCache.delete(this.exprCache.keys().next().value!)
    }
    return fn
  }

  /** The template module: trim_blocks on, lstrip_blocks off, trailing newlines kept, text out. */
  renderFile(text: string, vars: Record<string, unknown>, options: FileRenderOptions = {}): string {
    let source = text
    const lex: LexOptions = {
      ...this.fileLex,
      trimBlocks: options.trimBlocks ?? true,
      lstripBlocks: options.lstripBlocks ?? false,
      blockStart: options.blockStartString ?? '{%',
      blockEnd: options.blockEndString ?? '%}',
      varStart: options.variableStartString ?? '{{',
      varEnd: options.variableEndString ?? '}}',
      commentStart: options.commentStartString ?? '{#',
      commentEnd: options.commentEndString ?? '#}',
    }
    let lineOffset = 0
    if (source.startsWith('#jinja2:')) {
      const eol = source.indexOf('\n')
      const header = source.slice('#jinja2:'.length, eol < 0 ? undefined : eol)
      source = eol < 0 ? '' : source.slice(eol + 1)
      lineOffset = 1
      applyHeader(header, lex, options.where)
    }
    const newline = options.newlineSequence ?? '\n'
    const s = new Session(this, vars, false, options.searchPath ?? [], { lex, newline })
    try {
      return s.templateFile(source, lex, newline)
    } catch (e) {
      throw locate(e, options.where, undefined, true, lineOffset)
    }
  }
}

function lexKey(l: LexOptions, newline: string): string {
  if (l.blockStart === '{%' && l.varStart === '{{' && l.commentStart === '{#' && l.blockEnd === '%}' && l.varEnd === '}}' && l.commentEnd === '#}') {
    return `${+l.trimBlocks}${+l.lstripBlocks}${+l.keepTrailingNewline}${+!!l.escapeBackslashes}${JSON.stringify(newline)}\0`
  }
  return JSON.stringify([l, newline]) + '\0'
}

const HEADER_KEYS: Record<string, keyof LexOptions> = {
  trim_blocks: 'trimBlocks', lstrip_blocks: 'lstripBlocks', keep_trailing_newline: 'keepTrailingNewline',
  block_start_string: 'blockStart', block_end_string: 'blockEnd', variable_start_string: 'varStart',
  variable_end_string: 'varEnd', comment_start_string: 'commentStart', comment_end_string: 'commentEnd',
}

/** `#jinja2:trim_blocks: False, variable_start_string: '[%'` (values are Python literals). */
function applyHeader(header: string, lex: LexOptions, where?: SourcePosition): void {
  for (const pair of header.split(',')) {
    const i = pair.indexOf(':')
    if (i < 0) throw new TemplateError(`failed to parse jinja2 override '${pair.trim()}'. Did you use something different from colon as key-value separator?`, where ?? {}, 'E_TEMPLATE_SYNTAX')
    const key = pair.slice(0, i).trim()
    const raw = pair.slice(i + 1).trim()
    const prop = HEADER_KEYS[key]
    if (!prop) continue
    const value = raw === 'True' ? true : raw === 'False' ? false : raw.replace(/^(['"])(.*)\1$/, '$2')
    ;(lex as unknown as Record<string, unknown>)[prop] = value
  }
}

/** Put the caller's position (and the template line, for files) on an error. */
function locate(e: unknown, where: SourcePosition | undefined, template: string | undefined, isFile: boolean, lineOffset = 0): TemplateError {
  const tplLine = (e as { tplLine?: number }).tplLine
  const pos: SourcePosition = { ...(where ?? {}) }
  if (isFile && tplLine !== undefined) {
    pos.line = tplLine + lineOffset
    pos.col = undefined
  }
  if (e instanceof TemplateSyntaxError) {
    const msg = template !== undefined ? `template error while templating string: ${e.message}. String: ${template}` : e.message
    return new TemplateError(msg, pos, e.code)
  }
  if (e instanceof DroverError) {
    const err = new TemplateError(e.message, pos, e.code)
    ;(err as { tplLine?: number }).tplLine = tplLine
    return err
  }
  if (e instanceof RangeError) return new TemplateError(`recursive loop detected in template: ${e.message}`, pos, 'E_TEMPLATE_CYCLE')
  const msg = e instanceof Error ? e.message : String(e)
  return new TemplateError(`Unexpected templating error: ${msg}`, pos, 'E_TEMPLATE')
}
