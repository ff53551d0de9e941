/**
 * The one place where every accepted play and task syntax becomes the internal shape of types.ts:
 * `module: {args}`, free-form `module: k=v text`, `args:`, `action:`/`local_action:`, FQCN names,
 * `loop`/`with_*`, blocks; inherited keywords are pushed down onto each task here.
 */
import { dirname, resolve } from 'node:path'
import { ParseError, UnknownModuleError, type SourcePosition } from '../errors.js'
import { parseKeyValue } from '../module/kv.js'
import type { ModuleRegistry } from '../module/registry.js'
import { newCollector, type LoadOptions, type NormalizeContext } from './context.js'
import { importPlaybook } from './import-playbook.js'
import { includeActionOf, normalizeInclude } from './includes.js'
import { commonFields, inherit, rootInheritance, type Inherited } from './inherit.js'
import { asBoolean, asConditions, asLoopControl, asNumber, asStringList, asVars, inheritableKeywords, isRecord } from './keyword-values.js'
import { BLOCK_KEYWORDS, closestKeyword, PLAY_KEYWORDS, TASK_KEYWORDS } from './keywords.js'
import type { LocatedMap } from './load.js'
import { checkModuleArgs } from './module-args.js'
import { expandPlayRoles } from './roles.js'
import type { Block, LoopSpec, Play, Task, TaskItem } from './types.js'
import { parseVarsPrompt } from './vars-prompt.js'

export type { NormalizeContext } from './context.js'

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

function actionAndArgs(located: LocatedMap, context: NormalizeContext): { action: string; written: string; args: Record<string, unknown>; delegateTo?: string } {
  const { value, where, keyWhere } = located
  const { registry } = context
  const actionKeys = Object.keys(value).filter((k) => !TASK_KEYWORDS.has(k) && !k.startsWith('with_'))
  let action: string
  let args: Record<string, unknown> = {}
  let actionWhere = where
  let delegateTo: string | undefined
  const actionKey = 'action' in value ? 'action' : 'local_action' in value ? 'local_action' : undefined
  if (actionKey) {
    if ('action' in value && 'local_action' in value) throw new ParseError('conflicting action statements: action, local_action', where)
    if (actionKey === 'local_action') delegateTo = 'localhost'
    actionWhere = keyWhere[actionKey] ?? where
    const spec = value[actionKey]
    if (typeof spec === 'string') {
      const [name = ''] = spec.trim().split(/\s+/)
      action = name
      const rest = spec.trim().slice(name.length).trim()
      args = rest ? freeFormArgs(rest, name, registry, actionWhere) : {}
    } else if (isRecord(spec) && typeof spec.module === 'string') {
      const { module, ...rest } = spec
      action = module as string
      args = rest
    } else {
      throw new ParseError(`'${actionKey}' must be 'module args' text or a mapping with a 'module' key`, actionWhere)
    }
    if (actionKeys.length) throw new ParseError(`conflicting action statements: ${actionKey}, ${actionKeys.join(', ')}`, keyWhere[actionKeys[0]!] ?? where)
  } else {
    if (actionKeys.length === 0) throw new ParseError('no module/action detected in task.', where)
    if (actionKeys.length > 1) {
      const bogus = actionKeys.find((k) => !registry.has(k)) ?? actionKeys[1]!
      const hint = closestKeyword(bogus, TASK_KEYWORDS)
      const known = actionKeys.filter((k) => registry.has(k)).length === 1
      throw new ParseError(
        `conflicting action statements: ${actionKeys.join(', ')}` + (known && hint ? ` ('${bogus}' is not a task keyword; did you mean '${hint}'?)` : ''),
        keyWhere[bogus] ?? where,
      )
    }
    action = actionKeys[0]!
    actionWhere = keyWhere[action] ?? where
    const spec = value[action]
    if (typeof spec === 'string') args = freeFormArgs(spec, action, registry, actionWhere)
    else if (isRecord(spec)) args = { ...spec }
    else if (spec !== null && spec !== undefined) {
      throw new ParseError(`the arguments of '${action}' must be a mapping or free-form text, found ${JSON.stringify(spec)}`, actionWhere)
    }
  }
  const canonical = registry.canonicalName(action)
  if (!canonical) throw new UnknownModuleError(action, actionWhere)
  if (value.args !== undefined) {
    if (!isRecord(value.args)) throw new ParseError("'args' must be a mapping", keyWhere.args ?? where)
    args = { ...value.args, ...args }
  }
  return { action: canonical, written: action, args, delegateTo }
}

export function loopSpec(located: LocatedMap): LoopSpec | undefined {
  const { value, keyWhere, where } = located
  const withKeys = Object.keys(value).filter((k) => k.startsWith('with_'))
  if ('loop' in value && withKeys.length) throw new ParseError(`conflicting loop statements: loop, ${withKeys.join(', ')}`, keyWhere.loop ?? where)
  if (withKeys.length > 1) throw new ParseError(`conflicting loop statements: ${withKeys.join(', ')}`, keyWhere[withKeys[1]!] ?? where)
  if ('loop' in value) return { kind: 'loop', items: value.loop, where: keyWhere.loop ?? where }
  const withKey = withKeys[0]
  if (withKey) return { kind: 'with', lookup: withKey.slice('with_'.length), items: value[withKey], where: keyWhere[withKey] ?? where }
  return undefined
}

export function normalizeTask(located: LocatedMap, parent: Inherited, context: NormalizeContext, isHandler = false): Task {
  const { value, where, keyWhere } = located
  const at = (key: string) => keyWhere[key] ?? where
  const { action, written, args, delegateTo } = actionAndArgs(located, context)
  const scope = inherit(parent, inheritableKeywords(value, keyWhere, where))
  if (delegateTo && !scope.delegateTo) scope.delegateTo = delegateTo
  const register = value.register
  if (register !== undefined && (typeof register !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(register))) {
    throw new ParseError(`'register' must be a valid variable name, found '${String(register)}'`, at('register'))
  }
  if (value.listen !== undefined && !isHandler) throw new ParseError("'listen' is not a valid attribute for a Task (it is only valid on handlers)", at('listen'))
  const moduleKey = Object.keys(value).find((k) => !TASK_KEYWORDS.has(k) && context.registry.canonicalName(k) === action) ?? ('local_action' in value ? 'local_action' : 'action')
  const argWhere = (arg: string) => located.maps?.[moduleKey]?.keyWhere[arg] ?? located.maps?.args?.keyWhere[arg]
  checkModuleArgs(action, args, context.registry, at(moduleKey), argWhere)
  return {
    kind: 'task',
    ...commonFields(where, value.name === undefined || value.name === null ? undefined : String(value.name), scope),
    action,
    ...(written !== action ? { writtenAction: written } : {}),
    args,
    register: register as string | undefined,
    loop: loopSpec(located),
    loopControl: asLoopControl(value.loop_control, at('loop_control')),
    changedWhen: asConditions(value.changed_when, at('changed_when')),
    failedWhen: asConditions(value.failed_when, at('failed_when')),
    until: asConditions(value.until, at('until')),
    retries: value.retries,
    delay: value.delay,
    notify: scope.notify,
    listen: value.listen === undefined ? [] : asStringList(value.listen, 'listen', at('listen')),
    async: asNumber(value.async, 'async', at('async')),
    poll: asNumber(value.poll, 'poll', at('poll')),
  }
}

function checkBlockKeys(located: LocatedMap): void {
  for (const key of Object.keys(located.value)) {
    if (!BLOCK_KEYWORDS.has(key)) {
      const hint = closestKeyword(key, BLOCK_KEYWORDS)
      throw new ParseError(`'${key}' is not a valid attribute for a Block${hint ? ` (did you mean '${hint}'?)` : ''}`, located.keyWhere[key] ?? located.where)
    }
  }
}

function sectionItems(located: LocatedMap, key: string, scope: Inherited, context: NormalizeContext): TaskItem[] {
  return normalizeItemList(sectionMaps(located, key), scope, context)
}

/** The task mappings of a section (`tasks:`, `block:`, `handlers:` …), refusing anything else. */
function sectionMaps(located: LocatedMap, key: string): LocatedMap[] {
  const raw = located.value[key]
  if (raw === undefined || raw === null) return []
  const at = located.keyWhere[key] ?? located.where
  if (!Array.isArray(raw)) throw new ParseError(`A malformed block was encountered while loading ${key}: '${key}' should be a list of tasks, found ${JSON.stringify(raw)}`, at)
  const maps = located.children[key] ?? []
  if (maps.length !== raw.length) {
    const positions = located.itemWhere?.[key] ?? []
    const bad = raw.findIndex((entry) => entry === null || typeof entry !== 'object' || Array.isArray(entry))
    throw new ParseError(`every entry of '${key}' must be a mapping (a task), found ${JSON.stringify(raw[bad])}`, positions[bad] ?? at)
  }
  return maps
}

export function normalizeBlock(located: LocatedMap, parent: Inherited, context: NormalizeContext): Block {
  checkBlockKeys(located)
  const { value, where, keyWhere } = located
  const scope = inherit(parent, inheritableKeywords(value, keyWhere, where))
  return {
    kind: 'block',
    ...commonFields(where, value.name === undefined || value.name === null ? undefined : String(value.name), scope),
    block: sectionItems(located, 'block', scope, context),
    rescue: sectionItems(located, 'rescue', scope, context),
    always: sectionItems(located, 'always', scope, context),
  }
}

/** A task-list entry as the items it stands for: one task or block, none or several for an import. */
export function normalizeEntry(located: LocatedMap, parent: Inherited, context: NormalizeContext, isHandler = false): TaskItem[] {
  const include = includeActionOf(located.value)
  if (include) return normalizeInclude(located, include, parent, context, isHandler)
  if ('block' in located.value) return [normalizeBlock(located, parent, context)]
  return [normalizeTask(located, parent, context, isHandler)]
}

export function normalizeItemList(maps: LocatedMap[], parent: Inherited, context: NormalizeContext, isHandler = false): TaskItem[] {
  return maps.flatMap((m) => normalizeEntry(m, parent, context, isHandler))
}

/** One entry as one item; an import that stands for several tasks comes back as a plain block of them. */
export function normalizeItem(located: LocatedMap, parent: Inherited, context: NormalizeContext): TaskItem {
  const items = normalizeEntry(located, parent, context)
  if (items.length === 1) return items[0]!
  return { kind: 'block', ...commonFields(located.where, undefined, parent), block: items, rescue: [], always: [] }
}

/** Handlers are plain tasks: an import_tasks among them contributes its tasks, anything dynamic is refused. */
function normalizeHandlers(maps: LocatedMap[], scope: Inherited, context: NormalizeContext): Task[] {
  const flat = (items: TaskItem[]): Task[] =>
    items.flatMap((item) => {
      if (item.kind === 'task') return [item]
      if (item.kind === 'block') throw new ParseError('a block in handlers is not supported by drover yet', item.where)
      throw new ParseError(`'${item.kind}' in handlers is not supported by drover yet`, item.where)
    })
  return flat(normalizeItemList(maps, scope, context, true))
}

function tasksSection(located: LocatedMap, key: string, scope: Inherited, context: NormalizeContext): TaskItem[] {
  return sectionItems(located, key, scope, context)
}

export function normalizePlay(located: LocatedMap, context: NormalizeContext): Play {
  const { value, where, keyWhere } = located
  const at = (key: string) => keyWhere[key] ?? where
  for (const key of Object.keys(value)) {
    if (!PLAY_KEYWORDS.has(key)) {
      const hint = closestKeyword(key, PLAY_KEYWORDS)
      throw new ParseError(`'${key}' is not a valid attribute for a Play${hint ? ` (did you mean '${hint}'?)` : ''}`, at(key))
    }
  }
  const hosts = value.hosts
  if (hosts === undefined || hosts === null || hosts === '') throw new ParseError("the field 'hosts' is required but was not set", where)
  const pattern = Array.isArray(hosts) ? hosts.map(String).join(',') : String(hosts)
  const own = inheritableKeywords(value, keyWhere, where)
  if (own.when?.length) throw new ParseError("'when' is not a valid attribute for a Play", at('when'))
  const scope = inherit(rootInheritance(), { ...own, vars: {} })
  const strategy = value.strategy === undefined ? 'linear' : String(value.strategy)
  if (strategy !== 'linear' && strategy !== 'free') throw new ParseError(`Invalid play strategy specified: ${strategy}`, at('strategy'))
  const varsFiles = value.vars_files === undefined || value.vars_files === null ? [] : Array.isArray(value.vars_files) ? value.vars_files : [value.vars_files]
  const collector = newCollector()
  const inner: NormalizeContext = { ...context, collector }
  // Role handlers come first, then the play's, then those of import_role in the task sections (Ansible's load order).
  const roles = expandPlayRoles(located, scope, inner)
  const roleHandlerCount = collector.handlers.length
  const preTasks = tasksSection(located, 'pre_tasks', scope, inner)
  const tasks = tasksSection(located, 'tasks', scope, inner)
  const postTasks = tasksSection(located, 'post_tasks', scope, inner)
  const playHandlers = normalizeHandlers(sectionMaps(located, 'handlers'), scope, inner)
  const handlers = [...collector.handlers.slice(0, roleHandlerCount), ...playHandlers, ...collector.handlers.slice(roleHandlerCount)]
  return {
    where,
    name: value.name === undefined || value.name === null ? undefined : String(value.name),
    hosts: pattern,
    hostsWritten: Array.isArray(hosts) ? hosts.map(String) : [String(hosts)],
    vars: asVars(value.vars, 'vars', at('vars')) ?? {},
    varsFiles: varsFiles.map((f) => (Array.isArray(f) ? f.map(String) : String(f))),
    varsPrompt: parseVarsPrompt(value.vars_prompt, at('vars_prompt'), located.itemWhere?.vars_prompt),
    gatherFacts: value.gather_facts === undefined ? true : asBoolean(value.gather_facts, 'gather_facts', at('gather_facts')),
    gatherSubset: value.gather_subset,
    serial: value.serial,
    strategy,
    order: value.order === undefined ? undefined : String(value.order),
    forceHandlers: value.force_handlers === undefined ? false : asBoolean(value.force_handlers, 'force_handlers', at('force_handlers')),
    anyErrorsFatal: scope.anyErrorsFatal ?? false,
    maxFailPercentage: asNumber(value.max_fail_percentage, 'max_fail_percentage', at('max_fail_percentage')),
    tags: scope.tags,
    preTasks,
    roles,
    tasks,
    postTasks,
    handlers,
    roleRefs: collector.roleRefs,
    become: scope.become,
    remoteUser: scope.remoteUser,
    connection: scope.connection,
    checkMode: scope.checkMode,
    diff: scope.diff,
    noLog: scope.noLog,
    ignoreErrors: scope.ignoreErrors,
    ignoreUnreachable: scope.ignoreUnreachable,
  }
}

/**
 * The plays of a parsed playbook file, `import_playbook` entries replaced by the imported plays.
 * `options.rolesPath` is settings.rolesPath.
 */
export function normalizePlaybook(document: unknown, file: string, registry: ModuleRegistry, options: LoadOptions = {}, stack: string[] = []): Play[] {
  if (!Array.isArray(document)) throw new ParseError('A playbook must be a list of plays', { file, line: 1, col: 1 })
  const context: NormalizeContext = { ...options, registry, file, playbookDir: dirname(resolve(file)), stack: [...stack, resolve(file)] }
  return document.flatMap((entry, index) => {
    if (!entry || typeof entry !== 'object' || !('keyWhere' in entry)) throw new ParseError(`play #${index + 1} must be a mapping`, { file, line: 1, col: 1 })
    const located = entry as LocatedMap
    const importKey = ['import_playbook', 'ansible.builtin.import_playbook', 'include'].find((k) => k in located.value)
    if (importKey) return importPlaybook(located, importKey, context)
    return [normalizePlay(located, context)]
  })
}
