/**
 * What can be known about a task's module arguments before anything runs: unknown parameters and
 * values of the wrong type. Values containing a template are left to run time, and required
 * arguments too (module_defaults and templated `args` may still supply them).
 */
import { ModuleArgsError, type SourcePosition } from '../errors.js'
import type { ModuleRegistry } from '../module/registry.js'
import type { PropertySchema } from '../module/types.js'

const BOOLEAN_WORDS = /^(yes|no|true|false|on|off|1|0|y|n|t|f)$/i

export function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%')
  if (Array.isArray(value)) return value.some(hasTemplate)
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => hasTemplate(k) || hasTemplate(v))
  return false
}

function pyType(value: unknown): string {
  if (typeof value === 'string') return 'str'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float'
  if (Array.isArray(value)) return 'list'
  return value === null ? 'NoneType' : 'dict'
}

/** Why `value` cannot be the property's type, or undefined when it can (with Ansible's conversions). */
function typeProblem(property: PropertySchema, value: unknown): string | undefined {
  if (value === null || value === undefined || property.type === undefined) return undefined
  const types = Array.isArray(property.type) ? property.type : [property.type]
  const fits = types.some((type) => {
    switch (type) {
      case 'string':
        return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      case 'boolean':
        return typeof value === 'boolean' || value === 0 || value === 1 || (typeof value === 'string' && BOOLEAN_WORDS.test(value.trim()))
      case 'integer':
        return (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value))
      case 'number':
        return typeof value === 'number' || (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value))
      case 'array':
        return Array.isArray(value) || typeof value === 'string' || typeof value === 'number'
      case 'object':
        return typeof value === 'object' && !Array.isArray(value)
      case 'null':
        return value === null
      default:
        return true
    }
  })
  if (!fits) {
    const wanted = types.filter((t) => t !== 'null').map((t) => ({ string: 'str', boolean: 'bool', integer: 'int', number: 'float', array: 'list', object: 'dict' })[t] ?? t)
    return `is of type ${pyType(value)} and we were unable to convert to ${wanted.join(' or ')}: ${JSON.stringify(value)}`
  }
  if (property.enum && !property.enum.some((e) => e === value || String(e) === String(value))) {
    return `must be one of: ${property.enum.map(String).join(', ')}, got: ${String(value)}`
  }
  return undefined
}

export function checkModuleArgs(action: string, args: Record<string, unknown>, registry: ModuleRegistry, where: SourcePosition, argWhere: (arg: string) => SourcePosition | undefined = () => undefined): void {
  if (!registry.has(action)) return
  const module = registry.get(action)
  const { properties, aliases = {}, additionalProperties } = module.schema
  for (const [key, value] of Object.entries(args)) {
    const at = argWhere(key) ?? where
    const name = aliases[key] ?? key
    const property = properties[name]
    if (!property) {
      if (additionalProperties !== true && !key.startsWith('_ansible_')) {
        const supported = [...Object.keys(properties), ...Object.keys(aliases)].filter((k) => !k.startsWith('_')).sort()
        throw new ModuleArgsError(`Unsupported parameters for (${module.name}) module: ${key}. Supported parameters include: ${supported.join(', ')}.`, at)
      }
      continue
    }
    if (hasTemplate(value)) continue
    const problem = typeProblem(property, value)
    if (problem) throw new ModuleArgsError(`argument '${key}' ${problem}`, at)
  }
}
