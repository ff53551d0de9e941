/**
 * The include/import task actions. Static ones (import_tasks, import_role) are expanded in place
 * now, their keywords pushed onto every imported task; dynamic ones (include_tasks, include_role,
 * bare include) become DynamicInclude items the executor resolves per host at run time.
 */
import { ParseError, type SourcePosition } from '../errors.js'
import { parseKeyValue } from '../module/kv.js'
import { playbookDirOf, type NormalizeContext } from './context.js'
import { notFound, readTaskList } from './files.js'
import { resolveTaskFile } from './include-paths.js'
import { commonFields, inherit, type Inherited } from './inherit.js'
import { asBoolean, asLoopControl, inheritableKeywords, isRecord } from './keyword-values.js'
import { BLOCK_KEYWORDS, closestKeyword, TASK_KEYWORDS } from './keywords.js'
import type { LocatedMap } from './load.js'
import { loopSpec, normalizeItemList } from './normalize.js'
import { expandRole, type RoleEntry } from './roles.js'
import type { DynamicInclude, TaskItem } from './types.js'

const PREFIXES = ['', 'ansible.builtin.', 'ansible.legacy.']
const ACTIONS = ['include_tasks', 'import_tasks', 'include_role', 'import_role', 'include'] as const
export type IncludeAction = (typeof ACTIONS)[number]

/** Keywords include_tasks/include_role accept (Ansible's TaskInclude.VALID_INCLUDE_KEYWORDS). */
const DYNAMIC_KEYWORDS = new Set('action args collections debugger ignore_errors loop loop_control name no_log register run_once tags timeout vars when'.split(' '))
const ROLE_OPTIONS = new Set(['name', 'role', 'tasks_from', 'vars_from', 'defaults_from', 'handlers_from', 'public', 'allow_duplicates', 'apply', 'rolespec_validate'])
const FROM_OPTIONS = ['tasks_from', 'vars_from', 'defaults_from', 'handlers_from'] as const

/** The include action of a task mapping, if it is one, and the key it was written with. */
export function includeActionOf(value: Record<string, unknown>): { action: IncludeAction; key: string } | undefined {
  for (const action of ACTIONS) {
    for (const prefix of PREFIXES) if (`${prefix}${action}` in value) return { action, key: `${prefix}${action}` }
  }
  return undefined
}

interface IncludeSpec {
  action: IncludeAction
  key: string
  args: Record<string, unknown>
  at: (key: string) => SourcePosition
}

function includeArgs(located: LocatedMap, action: IncludeAction, key: string): IncludeSpec {
  const { value, where, keyWhere } = located
  const at = (k: string) => keyWhere[k] ?? where
  const others = Object.keys(value).filter((k) => k !== key && !TASK_KEYWORDS.has(k) && !k.startsWith('with_'))
  if (others.length) {
    const bogus = others[0]!
    const hint = closestKeyword(bogus, TASK_KEYWORDS)
    throw new ParseError(`conflicting action statements: ${key}, ${others.join(', ')}${hint ? ` ('${bogus}' is not a task keyword; did you mean '${hint}'?)` : ''}`, at(bogus))
  }
  const spec = value[key]
  let args: Record<string, unknown>
  if (typeof spec === 'string') args = parseKeyValue(spec)
  else if (isRecord(spec)) args = { ...spec }
  else if (spec === null || spec === undefined) args = {}
  else throw new ParseError(`the arguments of '${key}' must be a mapping or free-form text, found ${JSON.stringify(spec)}`, at(key))
  if (value.args !== undefined) {
    if (!isRecord(value.args)) throw new ParseError("'args' must be a mapping", at('args'))
    args = { ...value.args, ...args }
  }
  return { action, key, args, at }
}

function checkDynamicKeywords(located: LocatedMap, spec: IncludeSpec, className: string): void {
  for (const k of Object.keys(located.value)) {
    if (k === spec.key || DYNAMIC_KEYWORDS.has(k) || k.startsWith('with_')) continue
    throw new ParseError(`'${k}' is not a valid attribute for a ${className}`, spec.at(k))
  }
}

function refuseLoops(located: LocatedMap, spec: IncludeSpec): void {
  const loopKey = Object.keys(located.value).find((k) => k === 'loop' || k.startsWith('with_'))
  if (loopKey) {
    const dynamic = spec.action === 'import_role' ? 'include_role' : 'include_tasks'
    throw new ParseError(`You cannot use loops on '${spec.action}' statements. You should use '${dynamic}' instead.`, spec.at(loopKey))
  }
}

function taskFileTarget(spec: IncludeSpec): string {
  const { args, action } = spec
  const bad = Object.keys(args).filter((k) => !['file', '_raw_params', 'apply'].includes(k))
  if (bad.length && action !== 'include') throw new ParseError(`Invalid options for ${action}: ${bad.join(',')}`, spec.at(spec.key))
  const target = args._raw_params ?? args.file
  if (target === undefined || target === null || target === '') throw new ParseError(`No file specified for ${action}`, spec.at(spec.key))
  if (typeof target !== 'string') throw new ParseError(`the file of ${action} must be a string, found ${JSON.stringify(target)}`, spec.at(spec.key))
  return target
}

/** import_tasks: the file's tasks, here, with the import's keywords pushed onto each. */
function importTasks(located: LocatedMap, spec: IncludeSpec, parent: Inherited, context: NormalizeContext, isHandler: boolean): TaskItem[] {
  refuseLoops(located, spec)
  const target = taskFileTarget(spec)
  if (spec.args.apply !== undefined) throw new ParseError(`Invalid options for ${spec.action}: apply`, spec.at(spec.key))
  if (target.includes('{{')) {
    throw new ParseError(`a templated file name in '${spec.action}' cannot be resolved before the play runs; use include_tasks`, spec.at(spec.key))
  }
  const { path, found } = resolveTaskFile(target, context.file, playbookDirOf(context), parent.role)
  if (!found) throw notFound(path, spec.at(spec.key))
  const stack = context.stack ?? []
  if (stack.includes(path)) throw new ParseError(`import cycle: ${[...stack.slice(stack.indexOf(path)), path].join(' -> ')}`, spec.at(spec.key))
  const scope = inherit(parent, inheritableKeywords(located.value, located.keyWhere, located.where))
  return normalizeItemList(readTaskList(path, spec.at(spec.key)), scope, { ...context, file: path, stack: [...stack, path] }, isHandler)
}

function roleOptions(spec: IncludeSpec): { name: string; options: Record<string, unknown> } {
  const bad = Object.keys(spec.args).filter((k) => !ROLE_OPTIONS.has(k))
  if (bad.length) throw new ParseError(`Invalid options for ${spec.action}: ${bad.join(',')}`, spec.at(spec.key))
  const name = spec.args.name ?? spec.args.role
  if (name === undefined || name === null || name === '') throw new ParseError(`'name' is a required field for ${spec.action}.`, spec.at(spec.key))
  if (typeof name !== 'string') throw new ParseError(`the role name of ${spec.action} must be a string`, spec.at(spec.key))
  for (const key of FROM_OPTIONS) {
    const v = spec.args[key]
    if (v !== undefined && typeof v !== 'string') throw new ParseError(`Expected a string for ${key} but got ${JSON.stringify(v)} instead`, spec.at(spec.key))
  }
  return { name, options: spec.args }
}

/** `tasks_from: x` etc. into the file names role-files.ts looks up (Ansible keeps only the basename… of the path under the role dir). */
export function fromFiles(options: Record<string, unknown>): RoleEntry['from'] {
  const pick = (k: string) => (typeof options[k] === 'string' ? (options[k] as string) : undefined)
  const from: RoleEntry['from'] = {}
  if (pick('tasks_from')) from.tasks = pick('tasks_from')
  if (pick('vars_from')) from.vars = pick('vars_from')
  if (pick('defaults_from')) from.defaults = pick('defaults_from')
  if (pick('handlers_from')) from.handlers = pick('handlers_from')
  return from
}

function importRole(located: LocatedMap, spec: IncludeSpec, parent: Inherited, context: NormalizeContext): TaskItem[] {
  refuseLoops(located, spec)
  const { name, options } = roleOptions(spec)
  if (options.apply !== undefined) throw new ParseError(`Invalid options for ${spec.action}: apply`, spec.at(spec.key))
  if (name.includes('{{')) throw new ParseError(`a templated role name in '${spec.action}' cannot be resolved before the play runs; use include_role`, spec.at(spec.key))
  const entry: RoleEntry = {
    name,
    where: located.where,
    keywords: located.value,
    keyWhere: { ...located.keyWhere, role: spec.at(spec.key) },
    params: {},
    from: fromFiles(options),
    allowDuplicates: options.allow_duplicates === undefined ? undefined : asBoolean(options.allow_duplicates, 'allow_duplicates', spec.at(spec.key)),
  }
  const blocks = expandRole(entry, parent, context)
  // The import task's name is not shown; its keywords are on every role task through the entry.
  return blocks
}

function checkApply(located: LocatedMap, spec: IncludeSpec): Record<string, unknown> {
  const apply = spec.args.apply
  if (apply === undefined || apply === null) return {}
  if (!isRecord(apply)) throw new ParseError(`Expected a dict for apply but got ${JSON.stringify(apply)} instead`, spec.at(spec.key))
  for (const key of Object.keys(apply)) {
    if (!BLOCK_KEYWORDS.has(key) || key === 'block' || key === 'rescue' || key === 'always') {
      const hint = closestKeyword(key, BLOCK_KEYWORDS)
      const where = located.maps?.[spec.key]?.maps?.apply?.keyWhere[key] ?? spec.at(spec.key)
      throw new ParseError(`'${key}' is not a valid attribute for a Block${hint ? ` (did you mean '${hint}'?)` : ''}`, where)
    }
  }
  return apply
}

function dynamicInclude(located: LocatedMap, spec: IncludeSpec, parent: Inherited, context: NormalizeContext): DynamicInclude {
  const isRole = spec.action === 'include_role'
  if (spec.action !== 'include') checkDynamicKeywords(located, spec, isRole ? 'IncludeRole' : 'TaskInclude')
  const scope = inherit(parent, inheritableKeywords(located.value, located.keyWhere, located.where))
  let target: unknown
  let options: Record<string, unknown> = {}
  if (isRole) {
    const role = roleOptions(spec)
    target = role.name
    const { apply: _apply, name: _name, role: _role, ...rest } = role.options
    void _apply, void _name, void _role
    options = rest
  } else {
    target = taskFileTarget(spec)
    if (spec.action === 'include') {
      const { _raw_params: _r, file: _f, apply: _a, ...params } = spec.args
      void _r, void _f, void _a
      // Bare include's k=v params are vars of the included tasks, as Ansible's TaskInclude.get_vars does.
      scope.vars = { ...scope.vars, ...params }
    }
  }
  const value = located.value
  const name = value.name === undefined || value.name === null ? undefined : String(value.name)
  return {
    kind: isRole ? 'include_role' : 'include_tasks',
    ...commonFields(located.where, name, scope),
    target,
    options,
    apply: checkApply(located, spec),
    loop: loopSpec(located),
    loopControl: asLoopControl(value.loop_control, spec.at('loop_control')),
    parentScope: parent,
    ...(spec.action === 'include' ? { legacy: true } : {}),
    includeChain: (context.stack ?? []).filter((s) => !s.startsWith('role:')),
  }
}

/** An include/import task as the items it stands for (none, one, or the imported ones). */
export function normalizeInclude(located: LocatedMap, include: { action: IncludeAction; key: string }, parent: Inherited, context: NormalizeContext, isHandler: boolean): TaskItem[] {
  const spec = includeArgs(located, include.action, include.key)
  if (isHandler && (spec.action === 'import_role' || spec.action === 'include_role')) {
    throw new ParseError(`Using '${spec.action}' as a handler is not supported.`, spec.at(spec.key))
  }
  switch (spec.action) {
    case 'import_tasks':
      return importTasks(located, spec, parent, context, isHandler)
    case 'import_role':
      return importRole(located, spec, parent, context)
    default:
      return [dynamicInclude(located, spec, parent, context)]
  }
}
