/** Keywords that flow from play → block → task, and how a child's own keywords combine with them. */
import type { ItemCommon } from './types.js'

/** The keywords of ItemCommon that a child inherits, plus `notify` (blocks pass it to their tasks). */
export type Inherited = Omit<ItemCommon, 'where' | 'name'> & { notify: string[] }

export function rootInheritance(): Inherited {
  return {
    when: [],
    tags: [],
    vars: {},
    become: {},
    environment: [],
    ignoreErrors: false,
    ignoreUnreachable: false,
    noLog: false,
    delegateFacts: false,
    runOnce: false,
    notify: [],
  }
}

/** The child's own keyword values laid over what it inherits (own `when`s and tags are added). */
export function inherit(parent: Inherited, own: Partial<Inherited>): Inherited {
  const defined = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)) as Partial<Inherited>
  return {
    ...parent,
    ...defined,
    when: [...parent.when, ...(own.when ?? [])],
    tags: [...new Set([...parent.tags, ...(own.tags ?? [])])],
    vars: { ...parent.vars, ...own.vars },
    become: { ...parent.become, ...own.become },
    environment: [...parent.environment, ...(own.environment ?? [])],
    notify: [...parent.notify, ...(own.notify ?? [])],
  }
}

export function commonFields(where: ItemCommon['where'], name: string | undefined, scope: Inherited): ItemCommon {
  const { notify: _notify, ...rest } = scope
  void _notify
  return { where, name, ...rest }
}
