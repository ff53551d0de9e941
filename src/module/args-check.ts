/**
 * A fast path for checking module arguments without ajv: the module schemas use only `type`,
 * `enum`, `items`, `default`, `required` and `additionalProperties`, and checking those by hand
 * saves loading ajv and generating code for each module on every run. It must never accept what
 * ajv would refuse: anything it is unsure of (an unknown keyword, a non-primitive enum, NaN) it
 * reports as not accepted, and the registry then asks ajv, which stays the authority on errors.
 */
import type { PropertySchema } from './types.js'

/** The arguments with defaults filled (as ajv's useDefaults does), or undefined: ask ajv. */
export type ArgsCheck = (args: Record<string, unknown>) => Record<string, unknown> | undefined

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null'

const PROPERTY_KEYWORDS = new Set(['type', 'description', 'default', 'enum', 'items'])
const ITEM_KEYWORDS = new Set(['type', 'description'])
const SCHEMA_KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties'])

interface PropertyCheck {
  name: string
  types: JsonType[] | undefined
  enum: readonly unknown[] | undefined
  itemTypes: JsonType[] | undefined
  /** A fresh copy of the default per call, as ajv writes a literal of it into every validation (primitives need no copy). */
  default: (() => unknown) | undefined
}

/** Values that survive a JSON round trip unchanged need no copy (NaN, -0 and the rest go through JSON, as ajv's literal does). */
function jsonStable(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0))
}

function defaultValue(value: unknown): (() => unknown) | undefined {
  if (value === undefined) return undefined
  if (jsonStable(value)) return () => value
  const text = JSON.stringify(value)
  return () => JSON.parse(text) as unknown
}

function typeList(type: unknown): JsonType[] | undefined {
  return type === undefined ? undefined : ((Array.isArray(type) ? type : [type]) as JsonType[])
}

/** Stricter than ajv in its non-strict mode (NaN and Infinity are left to ajv). */
function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'string':
    case 'boolean':
      return typeof value === type
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'integer':
      return Number.isInteger(value)
    case 'null':
      return value === null
    case 'array':
      return Array.isArray(value)
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
    default:
      return false
  }
}

const hasAnyType = (value: unknown, types: JsonType[] | undefined) => types === undefined || types.some((t) => hasType(value, t))
const isPrimitive = (value: unknown) => value === null || (typeof value !== 'object' && typeof value !== 'function')

function propertyCheck(name: string, schema: PropertySchema): PropertyCheck | undefined {
  if (Object.keys(schema).some((k) => !PROPERTY_KEYWORDS.has(k))) return undefined
  if (schema.items && Object.keys(schema.items).some((k) => !ITEM_KEYWORDS.has(k))) return undefined
  if (schema.enum && !schema.enum.every(isPrimitive)) return undefined
  return {
    name,
    types: typeList(schema.type),
    enum: schema.enum,
    itemTypes: schema.items ? typeList(schema.items.type) : undefined,
    default: defaultValue(schema.default),
  }
}

function valueAccepted(check: PropertyCheck, value: unknown): boolean {
  if (!hasAnyType(value, check.types)) return false
  if (check.enum && !check.enum.some((allowed) => allowed === value)) return false
  if (check.itemTypes && Array.isArray(value)) return value.every((item) => hasAnyType(item, check.itemTypes))
  return true
}

/** The fast check for a schema as toJsonSchema writes it, or undefined when it uses more than this knows. */
export function compileArgsCheck(schema: Record<string, unknown>): ArgsCheck | undefined {
  if (Object.keys(schema).some((k) => !SCHEMA_KEYWORDS.has(k)) || schema.type !== 'object') return undefined
  const properties = schema.properties as Record<string, PropertySchema>
  const checks: PropertyCheck[] = []
  for (const [name, property] of Object.entries(properties)) {
    const check = propertyCheck(name, property)
    if (!check) return undefined
    checks.push(check)
  }
  const required = (schema.required as string[] | undefined) ?? []
  const closed = schema.additionalProperties === false
  if (!closed && schema.additionalProperties !== true && schema.additionalProperties !== undefined) return undefined
  const known = new Set(checks.map((c) => c.name))
  return (args) => {
    // An object with another prototype could carry inherited keys ajv would see.
    if (Object.getPrototypeOf(args) !== Object.prototype) return undefined
    const out: Record<string, unknown> = { ...args }
    for (const check of checks) if (check.default !== undefined && out[check.name] === undefined) out[check.name] = check.default()
    for (const name of required) if (out[name] === undefined) return undefined
    if (closed) for (const key in out) if (!known.has(key)) return undefined
    for (const check of checks) {
      const value = out[check.name]
      if (value !== undefined && !valueAccepted(check, value)) return undefined
    }
    return out
  }
}
