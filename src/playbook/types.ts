/**
 * The one internal shape every accepted playbook syntax is normalised into (normalize.ts), and the
 * only shape the executor reads. Keywords that Ansible inherits down the tree (play → role → block →
 * task: when, tags, become, vars, environment, ignore_errors, …) are already pushed down by the
 * normaliser: every task carries its effective values, blocks keep only their structure.
 */
import type { SourcePosition } from '../errors.js'
import type { Inherited } from './inherit.js'

/** A raw Jinja expression (`when`, `changed_when`, `failed_when`, `until`), with where it was written. */
export interface Condition {
  expr: unknown
  where: SourcePosition
}

export interface BecomeSpec {
  become?: boolean
  method?: string
  user?: string
  flags?: string
  exe?: string
}

export interface LoopSpec {
  /** `loop:` items, or the lookup of `with_<lookup>:` (`items`, `dict`, `sequence`, …). */
  kind: 'loop' | 'with'
  lookup?: string
  /** The list (or template producing it) as written. */
  items: unknown
  where: SourcePosition
}

export interface LoopControl {
  loopVar: string
  indexVar?: string
  label?: string
  pause?: number
  extended?: boolean
}

/** Where a task came from when it is part of a role: for `TASK [role : name]`, vars and file search. */
export interface RoleRef {
  name: string
  path: string
  /** Role params (`roles: [{role: x, foo: 1}]`, `include_role` vars). */
  params: Record<string, unknown>
  defaults: Record<string, unknown>
  vars: Record<string, unknown>
}

/** Keywords every task-list item carries, already inherited from its parents. */
export interface ItemCommon {
  where: SourcePosition
  name?: string
  /** All `when`s from play/role/block/include down to the item, in order; all must hold. */
  when: Condition[]
  /** Effective tags (own plus inherited), for --tags/--skip-tags. */
  tags: string[]
  /** Block and task vars in scope (block vars first, task vars last). */
  vars: Record<string, unknown>
  become: BecomeSpec
  environment: Record<string, unknown>[]
  ignoreErrors: boolean
  ignoreUnreachable: boolean
  noLog: boolean
  anyErrorsFatal?: boolean
  checkMode?: boolean
  diff?: boolean
  delegateTo?: string
  delegateFacts: boolean
  runOnce: boolean
  remoteUser?: string
  connection?: string
  throttle?: number
  timeout?: number
  role?: RoleRef
}

export interface Task extends ItemCommon {
  kind: 'task'
  /** Canonical module name (`command`, not `ansible.builtin.command`). */
  action: string
  /** The module name as the task wrote it, when it differs (`ansible.builtin.debug`): `TASK [...]` and --list-tasks show it for unnamed tasks. */
  writtenAction?: string
  /** As written (templates not yet rendered). */
  args: Record<string, unknown>
  register?: string
  loop?: LoopSpec
  loopControl: LoopControl
  changedWhen?: Condition[]
  failedWhen?: Condition[]
  until?: Condition[]
  retries?: unknown
  delay?: unknown
  notify: string[]
  /** Handlers only: topics this handler also answers to. */
  listen: string[]
  async?: number
  poll?: number
}

export interface Block extends ItemCommon {
  kind: 'block'
  block: TaskItem[]
  rescue: TaskItem[]
  always: TaskItem[]
  /**
   * Set on the block that holds one role instance's tasks (roles:, import_role, dependencies).
   * An instance runs once per host and play: skip the block for a host where a block with the same
   * key already ran, unless allowDuplicates.
   */
  roleInstance?: { key: string; allowDuplicates: boolean }
}

/** `include_tasks` / `include_role`: resolved at run time, per host (and per loop item). */
export interface DynamicInclude extends ItemCommon {
  kind: 'include_tasks' | 'include_role'
  /** The file (include_tasks) or role name (include_role), possibly a template. */
  target: unknown
  /** include_role: tasks_from, vars_from, defaults_from, handlers_from, public, allow_duplicates. */
  options: Record<string, unknown>
  /** Keywords applied to the included tasks (`apply:`). */
  apply: Record<string, unknown>
  loop?: LoopSpec
  loopControl: LoopControl
  /** What the included tasks inherit: the include's parents (its own when/tags apply to it only). */
  parentScope?: Inherited
  /** Bare `include:` (deprecated): its k=v params become vars of the included tasks. */
  legacy?: boolean
  /** Files included to reach this include, outermost first (a run-time include cycle guard). */
  includeChain?: string[]
}

export type TaskItem = Task | Block | DynamicInclude

export interface VarsPrompt {
  name: string
  prompt: string
  default?: unknown
  private: boolean
  confirm: boolean
  encrypt?: string
  unsafe: boolean
}

export interface Play {
  where: SourcePosition
  name?: string
  /** The pattern as written (a list is joined with ','); may be a template. */
  hosts: string
  /** `hosts:` as written, one entry per list item (a string is one entry): `--list-hosts` prints it. */
  hostsWritten?: string[]
  vars: Record<string, unknown>
  /** Entries are paths or lists of candidate paths (first found), as written. */
  varsFiles: (string | string[])[]
  varsPrompt: VarsPrompt[]
  gatherFacts: boolean
  gatherSubset?: unknown
  serial?: unknown
  strategy: 'linear' | 'free'
  order?: string
  forceHandlers: boolean
  anyErrorsFatal: boolean
  maxFailPercentage?: number
  tags: string[]
  /** The sections in execution order; roles are already expanded (dependencies first) into `roles`. */
  preTasks: TaskItem[]
  roles: TaskItem[]
  tasks: TaskItem[]
  postTasks: TaskItem[]
  /** Play handlers and every role's handlers, in load order (the last of a duplicate name wins). */
  handlers: Task[]
  /** Role defaults and vars of the play's roles, for variable precedence. */
  roleRefs: RoleRef[]
  /** Play-level defaults the items inherited (kept for `--list-*` and reporting). */
  become: BecomeSpec
  remoteUser?: string
  connection?: string
  checkMode?: boolean
  diff?: boolean
  noLog: boolean
  ignoreErrors: boolean
  ignoreUnreachable: boolean
}

export interface Playbook {
  file: string
  /** import_playbook is resolved: plays of imported files appear in place. */
  plays: Play[]
}

export function taskDisplayName(item: ItemCommon & { action?: string }): string {
  const name = item.name ?? item.action ?? ''
  return item.role ? `${item.role.name} : ${name}` : name
}
