/**
 * `roles:` entries, meta dependencies and import_role expand here into one block per role instance
 * (dependencies first), with the role's handlers and RoleRef collected for the play. Instances are
 * not de-duplicated here: `--list-tasks` shows every one, and the executor skips an instance whose
 * `roleInstance.key` already ran on a host unless `allowDuplicates`.
 */
import { ParseError, type SourcePosition } from '../errors.js'
import { newCollector, playbookDirOf, type NormalizeContext } from './context.js'
import { readTaskList } from './files.js'
import { commonFields, inherit, type Inherited } from './inherit.js'
import { inheritableKeywords, isRecord } from './keyword-values.js'
import type { LocatedMap } from './load.js'
import { normalizeItemList, normalizeTask } from './normalize.js'
import { findRole, readRoleParts, type RoleFromFiles } from './role-files.js'
import type { Block } from './types.js'

/** Keywords a `roles:` entry (or meta dependency) takes; any other key is a role parameter. */
export const ROLE_ENTRY_KEYWORDS = new Set(
  'role name become become_exe become_flags become_method become_user check_mode collections connection debugger delegate_facts delegate_to diff environment ignore_errors ignore_unreachable module_defaults no_log port remote_user run_once tags throttle timeout vars when'.split(' '),
)

export interface RoleEntry {
  name: string
  where: SourcePosition
  /** Keywords as written (when, tags, become, vars, …) with their positions. */
  keywords: Record<string, unknown>
  keyWhere: Record<string, SourcePosition>
  params: Record<string, unknown>
  from: RoleFromFiles
  /** include_role/import_role's own `allow_duplicates` (it beats the role's meta). */
  allowDuplicates?: boolean
}

/** A `roles:` list item or meta dependency: `name`, or `{role|name: x, keywords…, params…}`. */
export function parseRoleEntry(entry: unknown, where: SourcePosition, located?: LocatedMap): RoleEntry {
  if (typeof entry === 'string') {
    if (!entry.trim()) throw new ParseError('role definitions must contain a role name', where)
    return { name: entry.trim(), where, keywords: {}, keyWhere: {}, params: {}, from: {} }
  }
  if (!isRecord(entry)) throw new ParseError(`a role must be a name or a mapping, found ${JSON.stringify(entry)}`, where)
  const name = entry.role ?? entry.name
  if (typeof name !== 'string' || !name.trim()) throw new ParseError('role definitions must contain a role name', where)
  const keywords: Record<string, unknown> = {}
  const params: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'role' || key === 'name') continue
    if (ROLE_ENTRY_KEYWORDS.has(key)) keywords[key] = value
    else params[key] = value
  }
  return { name: name.trim(), where: located?.where ?? where, keywords, keyWhere: located?.keyWhere ?? {}, params, from: {} }
}

/** Identity of a role instance: same role, same parameters and files means "already ran". */
export function roleInstanceKey(path: string, params: Record<string, unknown>, from: RoleFromFiles): string {
  return JSON.stringify([path, params, from])
}

/**
 * One role instance and its dependencies as blocks, in run order. `parent` is what the role
 * inherits (play keywords, or the import_role task's); the entry's own keywords are laid over it.
 */
export function expandRole(entry: RoleEntry, parent: Inherited, context: NormalizeContext, roleBasedir?: string): Block[] {
  const playbookDir = playbookDirOf(context)
  const found = findRole(entry.name, entry.keyWhere.role ?? entry.keyWhere.name ?? entry.where, playbookDir, context.rolesPath, roleBasedir)
  const stack = context.stack ?? []
  const marker = `role:${found.path}`
  if (stack.includes(marker)) {
    const chain = [...stack.filter((s) => s.startsWith('role:')), marker].map((s) => s.slice(5))
    throw new ParseError(`A recursion loop was detected with the roles specified. Make sure child roles do not have dependencies on parent roles (${chain.join(' -> ')})`, entry.where)
  }
  const parts = readRoleParts(found, entry.from, entry.where, context.decrypt)
  const key = roleInstanceKey(found.path, entry.params, entry.from)
  const collector = context.collector ?? newCollector()
  const ref = collector.refsByKey.get(key) ?? { name: found.name, path: found.path, params: entry.params, defaults: parts.defaults, vars: parts.vars }
  collector.refsByKey.set(key, ref)
  const own = inheritableKeywords(entry.keywords, entry.keyWhere, entry.where)
  // Tags, when and become on the entry reach the dependencies too; the dependency's RoleRef replaces ours.
  const entryScope = inherit(parent, own)
  const inner: NormalizeContext = { ...context, collector, stack: [...stack, marker] }
  const blocks: Block[] = []
  for (const dependency of parts.dependencies) {
    const depEntry = parseRoleEntry(dependency.entry, dependency.where, dependency.located)
    blocks.push(...expandRole(depEntry, entryScope, inner, parts.basedir))
  }
  if (!collector.roleRefs.includes(ref)) collector.roleRefs.push(ref)
  const scope: Inherited = { ...entryScope, role: ref }
  if (parts.handlersFile && !collector.handlerKeys.has(key)) {
    collector.handlerKeys.add(key)
    const handlerContext: NormalizeContext = { ...inner, file: parts.handlersFile }
    for (const located of readTaskList(parts.handlersFile, entry.where)) {
      collector.handlers.push(normalizeTask(located, scope, handlerContext, true))
    }
  }
  const items = parts.tasksFile
    ? normalizeItemList(readTaskList(parts.tasksFile, entry.where), scope, { ...inner, file: parts.tasksFile, stack: [...inner.stack!, parts.tasksFile] })
    : []
  blocks.push({
    kind: 'block',
    ...commonFields(entry.where, undefined, scope),
    block: items,
    rescue: [],
    always: [],
    roleInstance: { key, allowDuplicates: entry.allowDuplicates ?? parts.allowDuplicates },
  })
  return blocks
}

/** The `roles:` section of a play. */
export function expandPlayRoles(located: LocatedMap, scope: Inherited, context: NormalizeContext): Block[] {
  const raw = located.value.roles
  if (raw === undefined || raw === null) return []
  const at = located.keyWhere.roles ?? located.where
  if (!Array.isArray(raw)) throw new ParseError("'roles' must be a list of role names or mappings", at)
  const positions = located.itemWhere?.roles ?? []
  const maps = located.children.roles ?? []
  let m = 0
  return raw.flatMap((entry, i) => {
    const where = positions[i] ?? at
    const map = isRecord(entry) ? maps[m++] : undefined
    const parsed = parseRoleEntry(entry, where, map)
    return expandRole(parsed, scope, context)
  })
}
