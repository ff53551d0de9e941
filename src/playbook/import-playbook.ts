/**
 * `- import_playbook: other.yml`: the plays of the other file, in place. Its `vars` override each
 * imported play's vars, its `tags` join each play's tags, and its `when` is put in front of every
 * task's conditions, as Ansible's PlaybookInclude does.
 */
import { resolve, dirname, isAbsolute } from 'node:path'
import { ParseError } from '../errors.js'
import type { NormalizeContext } from './context.js'
import { isFile, notFound, readTaskList } from './files.js'
import { asConditions, asStringList, asVars } from './keyword-values.js'
import { closestKeyword } from './keywords.js'
import type { LocatedMap } from './load.js'
import { normalizePlaybook } from './normalize.js'
import type { Condition, Play, TaskItem } from './types.js'

const IMPORT_PLAYBOOK_KEYWORDS = new Set(['name', 'vars', 'tags', 'when', 'collections'])

export function importPlaybook(located: LocatedMap, key: string, context: NormalizeContext): Play[] {
  const { value, where, keyWhere } = located
  const at = (k: string) => keyWhere[k] ?? where
  for (const k of Object.keys(value)) {
    if (k === key || IMPORT_PLAYBOOK_KEYWORDS.has(k)) continue
    const hint = closestKeyword(k, IMPORT_PLAYBOOK_KEYWORDS)
    throw new ParseError(`'${k}' is not a valid attribute for a PlaybookInclude${hint ? ` (did you mean '${hint}'?)` : ''}`, at(k))
  }
  const target = value[key]
  if (typeof target !== 'string' || !target.trim()) throw new ParseError(`'${key}' needs the path of a playbook, found ${JSON.stringify(target)}`, at(key))
  if (target.includes('{{')) throw new ParseError(`a templated path in '${key}' is not supported by drover`, at(key))
  const baseDir = context.playbookDir ?? dirname(context.file)
  const path = isAbsolute(target) ? target : resolve(baseDir, target.trim())
  if (!isFile(path)) throw notFound(path, at(key))
  const stack = context.stack ?? []
  if (stack.includes(path)) throw new ParseError(`import cycle: ${[...stack.slice(stack.indexOf(path)), path].join(' -> ')}`, at(key))
  const plays = normalizePlaybook(readTaskList(path, at(key), 'plays'), path, context.registry, { rolesPath: context.rolesPath, decrypt: context.decrypt }, stack)
  const vars = asVars(value.vars, 'vars', at('vars')) ?? {}
  const tags = asStringList(value.tags, 'tags', at('tags'))
  const when = asConditions(value.when, at('when')) ?? []
  for (const play of plays) {
    play.vars = { ...play.vars, ...vars }
    if (tags.length) {
      play.tags = [...new Set([...play.tags, ...tags])]
      for (const section of [play.preTasks, play.roles, play.tasks, play.postTasks]) addToItems(section, (item) => void (item.tags = [...new Set([...item.tags, ...tags])]))
      for (const handler of play.handlers) handler.tags = [...new Set([...handler.tags, ...tags])]
    }
    if (when.length) for (const section of [play.preTasks, play.roles, play.tasks, play.postTasks]) addToItems(section, (item) => void (item.when = prepend(when, item.when)))
  }
  return plays
}

function prepend(first: Condition[], rest: Condition[]): Condition[] {
  return [...first, ...rest]
}

/** Applies `change` to every item (and to the scope includes hand to their tasks), replacing rather than sharing. */
function addToItems(items: TaskItem[], change: (item: { when: Condition[]; tags: string[] }) => void): void {
  for (const item of items) {
    change(item)
    if (item.kind === 'block') for (const list of [item.block, item.rescue, item.always]) addToItems(list, change)
    if ((item.kind === 'include_tasks' || item.kind === 'include_role') && item.parentScope) {
      const scope = { ...item.parentScope }
      change(scope)
      item.parentScope = scope
    }
  }
}
