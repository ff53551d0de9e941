/**
 * `!vault` values in block and task `vars:` decrypt as play vars and group_vars do: each item's
 * vars are revealed once, in place, before the items run (the revealer returns the same object when
 * nothing is vaulted, so plain playbooks pay one walk).
 */
import type { TaskItem } from '../playbook/types.js'

export function revealItemVars(items: TaskItem[], reveal: <T>(value: T) => T): TaskItem[] {
  for (const item of items) {
    item.vars = reveal(item.vars)
    if (item.kind === 'block') for (const part of [item.block, item.rescue, item.always]) revealItemVars(part, reveal)
  }
  return items
}
