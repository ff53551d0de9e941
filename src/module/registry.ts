/**
 * Looks modules up by short or FQCN name and turns raw task arguments into validated ones:
 * aliases resolved, Ansible's boolean and number spellings accepted, defaults filled, and every
 * schema checked by a fast path (args-check.ts) or, failing that, by ajv, compiled once per registry.
 * A module may be registered deferred (name and collection only): its file loads on first `get`.
 */
import { createRequire } from 'node:module'
import type { Ajv, ValidateFunction } from 'ajv'
import { compileArgsCheck, type ArgsCheck } from './args-check.js'
import { DroverError, ModuleArgsError, UnknownModuleError, type SourcePosition } from '../errors.js'
import type { ArgumentSchema, Module, PropertySchema } from './types.js'

const TRUE_WORDS = new Set(['yes', 'on', '1', 'true', 'y', 't'])
const FALSE_WORDS = new Set(['no', 'off', '0', 'false', 'n', 'f'])
const FQCN_PREFIXES = ['ansible.builtin.', 'ansible.legacy.']

/**
 * A module known by its names before it is loaded: resolving names (has, canonicalName, fqcn)
 * needs nothing more, so a run loads only the modules its tasks use.
 */
export interface DeferredModule {
  name: string
  collection?: string
  load(): Module
}

export type ModuleSource = Module | DeferredModule

function isDeferred(source: ModuleSource): source is DeferredModule {
  return !('kind' in source)
}

export class ModuleRegistry {
  private readonly byName = new Map<string, ModuleSource>()
  private readonly validators = new Map<string, ValidateFunction>()
  /** Per module: the fast check, or null where its schema needs ajv for everything. */
  private readonly checks = new Map<string, ArgsCheck | null>()
  private ajv: Ajv | undefined

  constructor(modules: readonly ModuleSource[]) {
    for (const module of modules) this.byName.set(module.name, module)
  }

  names(): string[] {
    return [...this.byName.keys()].sort()
  }

  /** The canonical short name for `ansible.builtin.x` / `x`, or undefined if no module answers. */
  canonicalName(name: string): string | undefined {
    const dot = name.lastIndexOf('.')
    const collected = dot > 0 ? this.byName.get(name.slice(dot + 1)) : undefined
    if (collected?.collection && name === `${collected.collection}.${collected.name}`) return collected.name
    const short = FQCN_PREFIXES.reduce((n, prefix) => (n.startsWith(prefix) ? n.slice(prefix.length) : n), name)
    return this.byName.has(short) ? short : undefined
  }

  /** The fully qualified name (`ansible.builtin.copy`, `ansible.posix.sysctl`). */
  fqcn(name: string): string {
    const module = this.byName.get(name)
    return `${module?.collection ?? 'ansible.builtin'}.${name}`
  }

  has(name: string): boolean {
    return this.canonicalName(name) !== undefined
  }

  get(name: string, where?: SourcePosition): Module {
    const canonical = this.canonicalName(name)
    if (!canonical) throw new UnknownModuleError(name, where)
    const source = this.byName.get(canonical)!
    return isDeferred(source) ? this.load(source) : source
  }

  private load(deferred: DeferredModule): Module {
    const module = deferred.load()
    // Names were resolved with the deferred entry's: a module that disagrees would answer to the wrong ones.
    if (module.name !== deferred.name || module.collection !== deferred.collection) {
      throw new DroverError('E_MODULE_CATALOG', `the module loaded for ${deferred.name} names itself ${module.collection ? `${module.collection}.` : ''}${module.name}`)
    }
    this.byName.set(module.name, module)
    return module
  }

  /** Validated arguments with defaults, or a ModuleArgsError naming the argument at fault. */
  prepareArgs(module: Module, raw: Record<string, unknown>, where?: SourcePosition): Record<string, unknown> {
    const args = coerce(module.schema, resolveAliases(module, raw, where), module.name, where)
    for (const group of module.schema.mutuallyExclusive ?? []) {
      const given = group.filter((k) => args[k] !== undefined)
      if (given.length > 1) throw new ModuleArgsError(`parameters are mutually exclusive: ${given.join('|')}`, where)
    }
    let check = this.checks.get(module.name)
    if (check === undefined) {
      check = compileArgsCheck(toJsonSchema(module.schema)) ?? null
      this.checks.set(module.name, check)
    }
    const accepted = check?.(args)
    if (accepted) return accepted
    const validate = this.validator(module)
    if (!validate(args)) {
      const error = validate.errors?.[0]
      const param = error?.instancePath.replace(/^\//, '') || String(error?.params?.missingProperty ?? error?.params?.additionalProperty ?? '')
      const message =
        error?.keyword === 'required'
          ? `missing required arguments: ${param}`
          : error?.keyword === 'additionalProperty' || error?.keyword === 'additionalProperties'
            ? `Unsupported parameters for (${module.name}) module: ${param}. Supported parameters include: ${Object.keys(module.schema.properties).sort().join(', ')}.`
            : `argument '${param}' ${error?.message ?? 'is invalid'}`
      throw new ModuleArgsError(message, where)
    }
    return args
  }

  /** ajv's validator: for schemas the fast check does not cover, and for the wording of errors. */
  private validator(module: Module): ValidateFunction {
    let validate = this.validators.get(module.name)
    if (!validate) {
      this.ajv ??= newAjv()
      validate = this.ajv.compile(toJsonSchema(module.schema))
      this.validators.set(module.name, validate)
    }
    return validate
  }
}

/**
 * Loaded on first need (ajv is CommonJS, so `require` keeps prepareArgs synchronous): most runs
 * never get there. The schemas are drover's own and fixed, so checking them against the
 * meta-schema and optimising the generated code would only add compile time.
 */
function newAjv(): Ajv {
  const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv')
  return new AjvClass({ useDefaults: true, allErrors: false, strict: false, validateSchema: false, code: { optimize: false } })
}

function resolveAliases(module: Module, raw: Record<string, unknown>, where?: SourcePosition): Record<string, unknown> {
  const aliases = module.schema.aliases ?? {}
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    const name = aliases[key] ?? key
    if (name in out && out[name] !== value) throw new ModuleArgsError(`both option ${name} and its alias ${key} are set.`, where)
    out[name] = value
  }
  return out
}

function coerce(schema: ArgumentSchema, args: Record<string, unknown>, module: string, where?: SourcePosition): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(args)) {
    const property = schema.properties[key]
    out[key] = property ? coerceValue(property, value, key, module, where) : value
  }
  return out
}

function typesOf(property: PropertySchema): string[] {
  return property.type === undefined ? [] : Array.isArray(property.type) ? property.type : [property.type]
}

function coerceValue(property: PropertySchema, value: unknown, key: string, module: string, where?: SourcePosition): unknown {
  const types = typesOf(property)
  if (value === null || value === undefined) return value
  if (types.includes('boolean') && typeof value === 'string') {
    const word = value.trim().toLowerCase()
    if (TRUE_WORDS.has(word)) return true
    if (FALSE_WORDS.has(word)) return false
    if (types.length === 1) throw new ModuleArgsError(`argument '${key}' is of type str and we were unable to convert to bool: The value '${value}' is not a valid boolean.`, where)
  }
  if (types.includes('boolean') && typeof value === 'number' && (value === 0 || value === 1) && types.length === 1) return value === 1
  if ((types.includes('integer') || types.includes('number')) && typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    return Number(value)
  }
  if (types.length === 1 && types[0] === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value)
  }
  if (types.includes('array') && !Array.isArray(value) && !types.includes('string')) {
    // Ansible's list type splits a comma-separated string.
    return typeof value === 'string' ? value.split(',').map((s) => s.trim()) : [value]
  }
  if (types.includes('array') && Array.isArray(value) && property.items?.type === 'string') {
    return value.map((v) => (typeof v === 'string' ? v : String(v)))
  }
  void module
  return value
}

/** The module's schema minus drover's own keys, in the form ajv (and editors) take. */
export function toJsonSchema(schema: ArgumentSchema): Record<string, unknown> {
  return {
    type: 'object',
    properties: schema.properties,
    required: schema.required ?? [],
    additionalProperties: schema.additionalProperties ?? false,
  }
}
