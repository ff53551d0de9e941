/**
 * The one place where every accepted task and play syntax becomes the internal shape of types.ts:
 * `module: {args}`, free-form `module: k=v text`, `args:`, `action: module k=v`, FQCN names.
 */
import { ParseError, UnknownModuleError, type SourcePosition } from '../errors.js'
import { parseKeyValue } from '../module/kv.js'
import type { ModuleRegistry } from '../module/registry.js'
import { closestKeyword, PLAY_KEYWORDS, SUPPORTED_PLAY_KEYWORDS, SUPPORTED_TASK_KEYWORDS, TASK_KEYWORDS } from './keywords.js'
import type { LocatedMap } from './load.js'
import type { Play, Task } from './types.js'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asBoolean(value: unknown, what: string, where: SourcePosition): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string' && /^(yes|true|on|1|y)$/i.test(value)) return true
  if (typeof value === 'string' && /^(no|false|off|0|n)$/i.test(value)) return false
  throw new ParseError(`${what} must be a boolean, found '${String(value)}'`, where)
}

/** Free-form text of `module: text` into arguments, the way that module takes it. */
function freeFormArgs(text: string, action: string, registry: ModuleRegistry, where: SourcePosition): Record<string, unknown> {
  const module = registry.get(action, where)
  if (module.freeForm) {
    if (!module.freeForm.inlineOptions) return { [module.freeForm.param]: text }
    return parseKeyValue(text, true)
  }
  const args = parseKeyValue(text)
  if (args._raw_params !== undefined) {
    throw new ParseError(`this task '${action}' has extra params, which is only allowed in modules that take free-form text (command, shell, raw, …)`, where)
  }
  return args
}

export function normalizeTask(located: LocatedMap, registry: ModuleRegistry): Task {
  const { value, where, keyWhere } = located
  const actionKeys = Object.keys(value).filter((k) => !TASK_KEYWORDS.has(k))
  let action: string | undefined
  let args: Record<string, unknown> = {}
  let actionWhere = where

  if ('action' in value || 'local_action' in value) {
    if ('local_action' in value) throw new ParseError("'local_action' is not supported by drover yet (it arrives with delegate_to)", keyWhere.local_action ?? where)
    const spec = value.action
    if (typeof spec === 'string') {
      const [name = '', ...rest] = spec.trim().split(/\s+/)
      action = name
      actionWhere = keyWhere.action ?? where
      args = rest.length ? freeFormArgs(spec.trim().slice(name.length).trim(), name, registry, actionWhere) : {}
    } else if (isRecord(spec) && typeof spec.module === 'string') {
      action = spec.module
      const { module: _ignored, ...rest } = spec
      void _ignored
      args = rest
    } else {
      throw new ParseError("'action' must be 'module args' text or a mapping with a 'module' key", keyWhere.action ?? where)
    }
    if (actionKeys.length) throw new ParseError(`conflicting action statements: action, ${actionKeys.join(', ')}`, where)
  } else {
    if (actionKeys.length === 0) throw new ParseError('no module/action detected in task.', where)
    if (actionKeys.length > 1) {
      const known = actionKeys.filter((k) => registry.has(k))
      const bogus = actionKeys.find((k) => !registry.has(k))!
      const hint = closestKeyword(bogus, TASK_KEYWORDS)
      throw new ParseError(
        `conflicting action statements: ${actionKeys.join(', ')}` + (known.length === 1 && hint ? ` ('${bogus}' is not a task keyword; did you mean '${hint}'?)` : ''),
        keyWhere[bogus] ?? where,
      )
    }
    action = actionKeys[0]!
    actionWhere = keyWhere[action] ?? where
    const spec = value[action]
    if (typeof spec === 'string') args = freeFormArgs(spec, action, registry, actionWhere)
    else if (isRecord(spec)) args = { ...spec }
    else if (spec !== null && spec !== undefined) throw new ParseError(`the arguments of '${action}' must be a mapping or free-form text, found ${JSON.stringify(spec)}`, actionWhere)
  }

  const canonical = registry.canonicalName(action)
  if (!canonical) throw new UnknownModuleError(action, actionWhere)
  if (value.args !== undefined) {
    if (!isRecord(value.args)) throw new ParseError("'args' must be a mapping", keyWhere.args ?? where)
    args = { ...value.args, ...args }
  }
  for (const key of Object.keys(value)) {
    if (TASK_KEYWORDS.has(key) && !SUPPORTED_TASK_KEYWORDS.has(key)) {
      throw new ParseError(`the task keyword '${key}' is not supported by drover yet`, keyWhere[key] ?? where)
    }
  }
  const name = value.name === undefined || value.name === null ? undefined : String(value.name)
  const register = value.register
  if (register !== undefined && (typeof register !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(register))) {
    throw new ParseError(`'register' must be a valid variable name, found '${String(register)}'`, keyWhere.register ?? where)
  }
  return {
    name,
    action: canonical,
    args,
    where,
    register: register as string | undefined,
    ignoreErrors: value.ignore_errors === undefined ? false : asBoolean(value.ignore_errors, 'ignore_errors', keyWhere.ignore_errors ?? where),
  }
}

export function normalizePlay(located: LocatedMap, registry: ModuleRegistry): Play {
  const { value, where, keyWhere, children } = located
  for (const key of Object.keys(value)) {
    if (key === 'import_playbook') throw new ParseError("'import_playbook' is not supported by drover yet", keyWhere[key] ?? where)
    if (!PLAY_KEYWORDS.has(key)) {
      const hint = closestKeyword(key, PLAY_KEYWORDS)
      throw new ParseError(`'${key}' is not a valid attribute for a Play${hint ? ` (did you mean '${hint}'?)` : ''}`, keyWhere[key] ?? where)
    }
    if (!SUPPORTED_PLAY_KEYWORDS.has(key)) throw new ParseError(`the play keyword '${key}' is not supported by drover yet`, keyWhere[key] ?? where)
  }
  const hosts = value.hosts
  if (hosts === undefined || hosts === null || hosts === '') throw new ParseError("the field 'hosts' is required but was not set", where)
  const pattern = Array.isArray(hosts) ? hosts.map(String).join(',') : String(hosts)
  const vars = value.vars ?? {}
  if (!isRecord(vars)) throw new ParseError("'vars' must be a mapping", keyWhere.vars ?? where)
  if (value.tasks !== undefined && value.tasks !== null && !Array.isArray(value.tasks)) {
    throw new ParseError("'tasks' must be a list of tasks", keyWhere.tasks ?? where)
  }
  const taskMaps = children.tasks ?? []
  if (Array.isArray(value.tasks) && taskMaps.length !== value.tasks.length) {
    throw new ParseError('every entry of tasks must be a mapping (a task)', keyWhere.tasks ?? where)
  }
  const gatherFacts = value.gather_facts === undefined ? true : asBoolean(value.gather_facts, 'gather_facts', keyWhere.gather_facts ?? where)
  if (gatherFacts) {
    // Refused rather than skipped: a silent skip would change every recap and every fact-based `when`.
    throw new ParseError("fact gathering (the setup module) is not supported by drover yet: set 'gather_facts: false' on this play", keyWhere.gather_facts ?? where)
  }
  return {
    name: value.name === undefined || value.name === null ? undefined : String(value.name),
    hosts: pattern,
    gatherFacts,
    vars,
    tasks: taskMaps.map((t) => normalizeTask(t, registry)),
    where,
  }
}

export function normalizePlaybook(document: unknown, file: string, registry: ModuleRegistry): Play[] {
  if (!Array.isArray(document)) throw new ParseError('A playbook must be a list of plays', { file, line: 1, col: 1 })
  return document.map((entry, index) => {
    if (!entry || typeof entry !== 'object' || !('value' in entry)) {
      throw new ParseError(`play #${index + 1} must be a mapping`, { file })
    }
    return normalizePlay(entry as LocatedMap, registry)
  })
}
