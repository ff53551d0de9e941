/** Reads and checks the value of each playbook keyword, with the keyword's position in errors. */
import { ParseError, type SourcePosition } from '../errors.js'
import type { BecomeSpec, Condition, LoopControl } from './types.js'
import type { Inherited } from './inherit.js'

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function asBoolean(value: unknown, what: string, where: SourcePosition): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1
  if (typeof value === 'string' && /^(yes|true|on|1|y|t)$/i.test(value.trim())) return true
  if (typeof value === 'string' && /^(no|false|off|0|n|f)$/i.test(value.trim())) return false
  throw new ParseError(`'${what}' must be a boolean, found '${String(value)}'`, where)
}

/** A template string stays as written; the executor renders it. */
function maybeTemplateBoolean(value: unknown, what: string, where: SourcePosition): boolean {
  if (typeof value === 'string' && value.includes('{{')) throw new ParseError(`a templated '${what}' is not supported by drover yet`, where)
  return asBoolean(value, what, where)
}

export function asConditions(value: unknown, where: SourcePosition): Condition[] | undefined {
  if (value === undefined || value === null) return undefined
  const list = Array.isArray(value) ? value : [value]
  return list.map((expr) => ({ expr, where }))
}

export function asStringList(value: unknown, what: string, where: SourcePosition): string[] {
  if (value === undefined || value === null) return []
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean)
  if (typeof value === 'number') return [String(value)]
  if (Array.isArray(value)) return value.map((v) => String(v))
  throw new ParseError(`'${what}' must be a string or a list, found ${JSON.stringify(value)}`, where)
}

export function asVars(value: unknown, what: string, where: SourcePosition): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined
  // Ansible also takes a list of mappings, merged in order.
  if (Array.isArray(value) && value.every(isRecord)) return Object.assign({}, ...value) as Record<string, unknown>
  if (!isRecord(value)) throw new ParseError(`'${what}' must be a mapping, or a list of mappings, found ${JSON.stringify(value)}`, where)
  return value
}

export function asNumber(value: unknown, what: string, where: SourcePosition): number | undefined {
  if (value === undefined || value === null) return undefined
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(n)) throw new ParseError(`'${what}' must be a number, found '${String(value)}'`, where)
  return n
}

export function asLoopControl(value: unknown, where: SourcePosition): LoopControl {
  if (value === undefined || value === null) return { loopVar: 'item' }
  if (!isRecord(value)) throw new ParseError("'loop_control' must be a mapping", where)
  const known = new Set(['loop_var', 'index_var', 'label', 'pause', 'extended', 'extended_allitems'])
  for (const key of Object.keys(value)) if (!known.has(key)) throw new ParseError(`'${key}' is not a valid attribute for a LoopControl`, where)
  return {
    loopVar: value.loop_var === undefined ? 'item' : String(value.loop_var),
    indexVar: value.index_var === undefined ? undefined : String(value.index_var),
    label: value.label === undefined ? undefined : String(value.label),
    pause: asNumber(value.pause, 'pause', where),
    extended: value.extended === undefined ? undefined : asBoolean(value.extended, 'extended', where),
  }
}

/** The keywords shared by plays, blocks and tasks that inherit downwards. */
export function inheritableKeywords(value: Record<string, unknown>, keyWhere: Record<string, SourcePosition>, where: SourcePosition): Partial<Inherited> {
  const at = (key: string) => keyWhere[key] ?? where
  const become: BecomeSpec = {}
  if (value.become !== undefined) become.become = maybeTemplateBoolean(value.become, 'become', at('become'))
  if (value.become_user !== undefined) become.user = String(value.become_user)
  if (value.become_method !== undefined) become.method = String(value.become_method)
  if (value.become_flags !== undefined) become.flags = String(value.become_flags)
  if (value.become_exe !== undefined) become.exe = String(value.become_exe)
  const environment = asVars(value.environment, 'environment', at('environment'))
  return {
    when: asConditions(value.when, at('when')),
    tags: value.tags === undefined ? undefined : asStringList(value.tags, 'tags', at('tags')),
    vars: asVars(value.vars, 'vars', at('vars')),
    become,
    environment: environment ? [environment] : undefined,
    ignoreErrors: value.ignore_errors === undefined ? undefined : maybeTemplateBoolean(value.ignore_errors, 'ignore_errors', at('ignore_errors')),
    ignoreUnreachable: value.ignore_unreachable === undefined ? undefined : asBoolean(value.ignore_unreachable, 'ignore_unreachable', at('ignore_unreachable')),
    noLog: value.no_log === undefined ? undefined : maybeTemplateBoolean(value.no_log, 'no_log', at('no_log')),
    anyErrorsFatal: value.any_errors_fatal === undefined ? undefined : asBoolean(value.any_errors_fatal, 'any_errors_fatal', at('any_errors_fatal')),
    checkMode: value.check_mode === undefined ? undefined : asBoolean(value.check_mode, 'check_mode', at('check_mode')),
    diff: value.diff === undefined ? undefined : asBoolean(value.diff, 'diff', at('diff')),
    delegateTo: value.delegate_to === undefined || value.delegate_to === null ? undefined : String(value.delegate_to),
    delegateFacts: value.delegate_facts === undefined ? undefined : asBoolean(value.delegate_facts, 'delegate_facts', at('delegate_facts')),
    runOnce: value.run_once === undefined ? undefined : asBoolean(value.run_once, 'run_once', at('run_once')),
    remoteUser: value.remote_user === undefined ? undefined : String(value.remote_user),
    connection: value.connection === undefined ? undefined : String(value.connection),
    throttle: asNumber(value.throttle, 'throttle', at('throttle')),
    timeout: asNumber(value.timeout, 'timeout', at('timeout')),
    notify: value.notify === undefined ? undefined : asStringList(value.notify, 'notify', at('notify')),
  }
}
