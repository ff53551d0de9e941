/**
 * One task on one host, with Ansible's per-task semantics: `when` (per item under a loop), loop
 * items, argument templating with `omit`, delegation, `until`/`retries`, `changed_when` and
 * `failed_when` (which see the registered result), and the aggregate result of a loop.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { resolveBecome } from '../connection/become-target.js'
import type { BecomeOptions } from '../connection/types.js'
import { DroverError, TemplateError, type SourcePosition } from '../errors.js'
import { withExcerpt } from '../playbook/error-excerpt.js'
import type { ModuleResult } from '../module/types.js'
import type { HostStatus, Reporter, TaskRef } from '../output/events.js'
import type { Task } from '../playbook/types.js'
import { markUnsafe, type Templar } from '../template/index.js'
import { pyStr } from '../template/values.js'
import { dropOmitted } from '../vars/task-vars.js'
import { loopItems } from './loop-items.js'
import { runModule, statusOf, type RunContext } from './task-runner.js'

export interface TaskEnvironment {
  context: RunContext
  templar: Templar
  reporter: Reporter
  verbosity: number
  /** Variables that decide how to reach a (delegate) host. */
  connectionVars(host: string): Record<string, unknown>
}

export interface TaskOutcome {
  status: HostStatus
  result: ModuleResult
  delegatedTo?: string
  /** The delegate's ansible_host, for `[h -> d(addr)]` labels. */
  delegatedAddress?: string
}

function delegateAddress(delegate: string | undefined, env: TaskEnvironment): string | undefined {
  if (delegate === undefined) return undefined
  const address = env.connectionVars(delegate).ansible_host
  return address === undefined ? undefined : String(address)
}

const SKIPPED: ModuleResult = { changed: false, skip_reason: 'Conditional result was False' }

/** `where`: the task, when Ansible ties the error to it (its arguments), for the source excerpt. */
function failure(error: unknown, where?: SourcePosition): ModuleResult {
  if (error instanceof TemplateError && error.code === 'E_UNDEFINED_VAR') {
    if (!where) return { changed: false, failed: true, msg: `The task includes an option with an undefined variable. The error was: ${error.message}` }
    // Templating task arguments wraps Jinja's error in one that repeats it (AnsibleError's orig_exc).
    const msg = `The task includes an option with an undefined variable. The error was: ${error.message}. ${error.message}`
    return { changed: false, failed: true, msg: withExcerpt(msg, where) }
  }
  if (error instanceof DroverError) return { changed: false, failed: true, msg: error.located }
  throw error
}

function conditionHolds(conditions: Task['when'], vars: Record<string, unknown>, env: TaskEnvironment): boolean {
  for (const condition of conditions ?? []) {
    if (!env.templar.evaluateConditional(condition.expr, vars, { where: condition.where })) return false
  }
  return true
}

function renderEnvironment(task: Task, vars: Record<string, unknown>, env: TaskEnvironment): Record<string, string> | undefined {
  if (task.environment.length === 0) return undefined
  const merged: Record<string, string> = {}
  for (const layer of task.environment) {
    const rendered = env.templar.renderDeep(layer, vars, { where: task.where, native: false }) as Record<string, unknown>
    for (const [k, v] of Object.entries(rendered)) merged[k] = typeof v === 'string' ? v : pyStr(v)
  }
  return merged
}

/** The module once (plus `until` retries), with changed_when/failed_when applied. */
async function runOnce(task: Task, host: string, vars: Record<string, unknown>, env: TaskEnvironment, ref: TaskRef, delegate: string | undefined): Promise<ModuleResult> {
  const check = task.checkMode ?? env.context.check
  const diff = task.diff ?? env.context.diff
  const retries = task.until ? Number(env.templar.render(String(task.retries ?? 3), vars, { native: false })) : 0
  const delay = task.until ? Number(env.templar.render(String(task.delay ?? 5), vars, { native: false })) : 0
  for (let attempt = 1; ; attempt++) {
    let result: ModuleResult
    try {
      const args = dropOmitted(env.templar.renderDeep(task.args, vars, { where: task.where, native: false })) as Record<string, unknown>
      const connectionHost = delegate ?? host
      result = await runModule(
        {
          host,
          action: task.action,
          args,
          connectionHost,
          connectionVars: withConnectionKeyword(task, delegate ? env.connectionVars(delegate) : vars),
          vars,
          check,
          diff,
          resultFields: Boolean(task.register) || env.reporter.readsResultFields !== false,
          environment: renderEnvironment(task, vars, env),
          become: taskBecome(task, vars, env),
          where: task.where,
          controllerRun: {
            verbosity: env.verbosity,
            taskName: ref.name,
            display: (text) => env.reporter.handle({ type: 'display', text }),
            where: task.where,
            render: (value) => env.templar.renderDeep(value, vars, { where: task.where, native: false }),
            evaluate: (expression) => env.templar.render(`{{ ${expression} }}`, vars, { where: task.where, native: false }),
          },
        },
        env.context,
      )
    } catch (error) {
      return failure(error, task.where)
    }
    if (result.unreachable) return result
    if (!task.changedWhen && !task.failedWhen && !task.until) return result
    const seen = task.register ? { ...vars, [task.register]: markUnsafe({ ...result }) } : vars
    try {
      if (task.changedWhen) result.changed = conditionHolds(task.changedWhen, seen, env)
      if (task.failedWhen) {
        const failed = conditionHolds(task.failedWhen, seen, env)
        result.failed_when_result = failed
        result.failed = failed
      }
      if (!task.until) return result
      if (conditionHolds(task.until, seen, env)) return { ...result, attempts: attempt }
    } catch (error) {
      return failure(error)
    }
    if (attempt > retries || env.context.signal?.aborted) return { ...result, attempts: Math.min(attempt, retries), failed: true }
    env.reporter.handle({ type: 'retry', host, task: ref, retriesLeft: retries - attempt + 1, result })
    if (delay > 0) await sleep(delay * 1000)
  }
}

/** become keywords (rendered) under the host's ansible_become* variables, as Ansible orders them. */
function taskBecome(task: Task, vars: Record<string, unknown>, env: TaskEnvironment): BecomeOptions | undefined {
  const b = env.templar.renderDeep(task.become, vars, { where: task.where, native: false }) as Task['become']
  const keywords = { become: b.become, becomeUser: b.user, becomeMethod: b.method, becomeFlags: b.flags, becomeExe: b.exe }
  return resolveBecome(vars, keywords, env.context.settings, env.context.secrets)
}

/** The play/task `connection:` keyword applies where the host sets no ansible_connection of its own. */
function withConnectionKeyword(task: Task, vars: Record<string, unknown>): Record<string, unknown> {
  if (task.connection === undefined || vars.ansible_connection !== undefined) return vars
  return { ...vars, ansible_connection: task.connection }
}

function itemLabel(task: Task, item: unknown, vars: Record<string, unknown>, env: TaskEnvironment): string {
  if (task.loopControl.label === undefined) return pyStr(item)
  return pyStr(env.templar.render(task.loopControl.label, vars, { where: task.where, native: false }))
}

function loopVars(task: Task, vars: Record<string, unknown>, item: unknown, index: number, items: unknown[]): Record<string, unknown> {
  const { loopVar, indexVar, extended } = task.loopControl
  const out: Record<string, unknown> = { ...vars, [loopVar]: item, ansible_loop_var: loopVar }
  if (indexVar) {
    out[indexVar] = index
    out.ansible_index_var = indexVar
  }
  if (extended) {
    out.ansible_loop = {
      allitems: items, index: index + 1, index0: index, revindex: items.length - index, revindex0: items.length - index - 1,
      first: index === 0, last: index === items.length - 1, length: items.length,
      previtem: index > 0 ? items[index - 1] : undefined, nextitem: index < items.length - 1 ? items[index + 1] : undefined,
    }
  }
  return out
}

function renderDelegate(task: Task, vars: Record<string, unknown>, env: TaskEnvironment): string | undefined {
  if (task.delegateTo === undefined) return undefined
  return String(env.templar.render(task.delegateTo, vars, { where: task.where, native: false }))
}

export async function runTaskOnHost(task: Task, host: string, vars: Record<string, unknown>, env: TaskEnvironment, ref: TaskRef): Promise<TaskOutcome> {
  if (!task.loop) {
    let delegate: string | undefined
    try {
      if (!conditionHolds(task.when, vars, env)) return { status: 'skipped', result: { ...SKIPPED } }
      delegate = renderDelegate(task, vars, env)
    } catch (error) {
      return { status: 'failed', result: failure(error) }
    }
    const result = await runOnce(task, host, vars, env, ref, delegate)
    return { status: statusOf(result), result, delegatedTo: delegate, delegatedAddress: delegateAddress(delegate, env) }
  }

  let items: unknown[]
  try {
    items = loopItems(task.loop, env.templar, vars)
  } catch (error) {
    return { status: 'failed', result: failure(error) }
  }
  if (items.length === 0) return { status: 'skipped', result: { changed: false, skipped_reason: 'No items in the list', results: [] } }
  const results: ModuleResult[] = []
  let delegatedTo: string | undefined
  for (const [index, item] of items.entries()) {
    if (env.context.signal?.aborted) break
    const itemVars = loopVars(task, vars, item, index, items)
    let result: ModuleResult
    let label = pyStr(item)
    try {
      label = itemLabel(task, item, itemVars, env)
      if (!conditionHolds(task.when, itemVars, env)) result = { ...SKIPPED }
      else {
        delegatedTo = renderDelegate(task, itemVars, env)
        result = await runOnce(task, host, itemVars, env, ref, delegatedTo)
      }
    } catch (error) {
      result = failure(error)
    }
    const loopVar = task.loopControl.loopVar
    const entry: ModuleResult = { ...result, [loopVar]: item, ansible_loop_var: loopVar }
    if (task.loopControl.indexVar) Object.assign(entry, { [task.loopControl.indexVar]: index, ansible_index_var: task.loopControl.indexVar })
    if (result.skip_reason) entry.skipped = true
    results.push(entry)
    env.reporter.handle({ type: 'item_result', host, task: ref, status: statusOf(entry), result: entry, label, delegatedTo, delegatedAddress: delegateAddress(delegatedTo, env), noLog: task.noLog })
    if (task.loopControl.pause && index < items.length - 1) await sleep(task.loopControl.pause * 1000)
  }
  const anyFailed = results.some((r) => r.failed)
  const aggregate: ModuleResult = {
    changed: results.some((r) => r.changed),
    msg: anyFailed ? 'One or more items failed' : results.every((r) => r.skipped) ? 'All items skipped' : 'All items completed',
    results,
  }
  if (anyFailed) aggregate.failed = true
  if (results.every((r) => r.skipped)) aggregate.skipped = true
  if (results.some((r) => r.unreachable)) aggregate.unreachable = true
  return { status: statusOf(aggregate), result: aggregate, delegatedTo, delegatedAddress: delegateAddress(delegatedTo, env) }
}
