/**
 * What the executor calls when it reaches a DynamicInclude for a host: the included file's (or
 * role's) items, normalised like everything else, inheriting from the include's parents plus its
 * vars and `apply:` keywords.
 */
import { resolve } from 'node:path'
import { ParseError } from '../errors.js'
import type { ModuleRegistry } from '../module/registry.js'
import { newCollector, type LoadOptions, type NormalizeContext } from './context.js'
import { notFound, readTaskList } from './files.js'
import { fromFiles } from './includes.js'
import { resolveTaskFile } from './include-paths.js'
import { inherit, rootInheritance, type Inherited } from './inherit.js'
import { asBoolean, inheritableKeywords } from './keyword-values.js'
import { normalizeItemList } from './normalize.js'
import { expandRole, type RoleEntry } from './roles.js'
import type { DynamicInclude, RoleRef, Task, TaskItem } from './types.js'

/** Includes deeper than this are taken for a cycle (a recursive include needs a stopping `when`). */
export const MAX_INCLUDE_DEPTH = 64

export interface IncludeLoadContext extends LoadOptions {
  registry: ModuleRegistry
  /** The directory of the playbook the play came from. */
  playbookDir: string
}

export interface IncludedItems {
  /** Absolute path of the included file (include_tasks) or of the role's directory (include_role), for `included: … for host`. */
  file: string
  items: TaskItem[]
  /** include_role: the role's handlers, to add to the play's (executor decides visibility). */
  handlers: Task[]
  /** include_role: the role instance, with its defaults and vars (`public` decides whether they outlive the role). */
  role?: RoleRef
  roleRefs: RoleRef[]
}

/** The scope the included items start from: the include's parents, the include's vars, then `apply:`. */
function includedScope(include: DynamicInclude, where = include.where): Inherited {
  const base: Inherited = include.parentScope ?? { ...rootInheritance(), role: include.role }
  const scope: Inherited = { ...base, vars: { ...base.vars, ...include.vars } }
  const apply = include.apply ?? {}
  return Object.keys(apply).length ? inherit(scope, inheritableKeywords(apply, {}, where)) : scope
}

function depthCheck(include: DynamicInclude, next: string): string[] {
  const chain = include.includeChain ?? []
  if (chain.length >= MAX_INCLUDE_DEPTH) {
    throw new ParseError(`include depth over ${MAX_INCLUDE_DEPTH} (an include cycle?): ${[...chain.slice(-4), next].join(' -> ')}`, include.where)
  }
  return [...chain, next]
}

function stampChain(items: TaskItem[], chain: string[]): void {
  for (const item of items) {
    if (item.kind === 'include_tasks' || item.kind === 'include_role') item.includeChain = [...chain, ...(item.includeChain ?? []).filter((f) => !chain.includes(f))]
    if (item.kind === 'block') for (const list of [item.block, item.rescue, item.always]) stampChain(list, chain)
  }
}

/** include_tasks / include: `target` is the include's file after templating. */
export function loadIncludedTasks(include: DynamicInclude, target: string, context: IncludeLoadContext): IncludedItems {
  const includingFile = include.where.file ?? resolve(context.playbookDir, 'playbook.yml')
  const { path, found } = resolveTaskFile(target, includingFile, context.playbookDir, include.role)
  if (!found) throw notFound(path, include.where)
  const chain = depthCheck(include, path)
  const normalize: NormalizeContext = { ...context, file: path, stack: chain, collector: newCollector() }
  const items = normalizeItemList(readTaskList(path, include.where), includedScope(include), normalize)
  stampChain(items, chain)
  return { file: path, items, handlers: [], roleRefs: [] }
}

/**
 * include_role: `name` and `options` (tasks_from, vars_from, defaults_from, handlers_from,
 * allow_duplicates) after templating. The include's `vars:` are the role's vars, as Ansible does.
 */
export function loadIncludedRole(include: DynamicInclude, name: string, options: Record<string, unknown>, context: IncludeLoadContext): IncludedItems {
  const collector = newCollector()
  const chain = depthCheck(include, `role:${name}`)
  const normalize: NormalizeContext = { ...context, file: include.where.file ?? context.playbookDir, stack: chain, collector }
  const entry: RoleEntry = {
    name,
    where: include.where,
    keywords: {},
    keyWhere: {},
    params: {},
    from: fromFiles(options),
    allowDuplicates: options.allow_duplicates === undefined ? true : asBoolean(options.allow_duplicates, 'allow_duplicates', include.where),
  }
  const blocks = expandRole(entry, includedScope(include), normalize)
  stampChain(blocks, chain)
  const own = blocks[blocks.length - 1]!
  const role = collector.roleRefs.find((r) => own.block.some((t) => t.role === r)) ?? collector.roleRefs[collector.roleRefs.length - 1]
  return { file: role?.path ?? name, items: blocks, handlers: collector.handlers, role, roleRefs: collector.roleRefs }
}
