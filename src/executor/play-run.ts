/**
 * The linear strategy for one batch of a play: every task runs on all active hosts (bounded by
 * forks) before the next starts; blocks run their tasks, then rescue for the hosts that failed, then
 * always; handlers run at the end of each section in definition order, once, on notifying hosts.
 */
import type { LimitFunction } from 'p-limit'
import { DroverError } from '../errors.js'
import type { ModuleResult } from '../module/types.js'
import type { Reporter, TaskRef } from '../output/events.js'
import type { IncludeLoadContext } from '../playbook/runtime-includes.js'
import { taskDisplayName, type Block, type Play, type Task, type TaskItem } from '../playbook/types.js'
import { runInclude } from './includes.js'
import { revealItemVars } from './reveal-vars.js'
import type { RunControl } from './run-control.js'
import { markUnsafe, type Templar } from '../template/index.js'
import type { RunState } from '../vars/host-state.js'
import { taskVars, type PlayScope, type VarsSources } from '../vars/task-vars.js'
import { runTaskOnHost, type TaskEnvironment, type TaskOutcome } from './run-task.js'
import type { RunStats } from './stats.js'

export interface PlayRunner {
  play: Play
  scope: PlayScope
  sources: VarsSources
  state: RunState
  stats: RunStats
  reporter: Reporter
  templar: Templar
  taskEnv: TaskEnvironment
  limit: LimitFunction
  /** --tags/--skip-tags selection; true when the task runs. */
  selected(task: Task | TaskItem): boolean
  forceHandlers: boolean
  /** Set by meta: end_play; stops the play for every host. */
  ended: boolean
  /** How include_tasks / include_role load their files. */
  includeContext: IncludeLoadContext
  /** Role instances (`Block.roleInstance.key`) each host has run in this play. */
  rolesRun: Map<string, Set<string>>
  /** add_host / group_by change the inventory for the rest of the run. */
  inventory: InventoryChanges
  /** --start-at-task and --step, for the whole run. */
  control: RunControl
  /** Inline `!vault` values to plaintext. */
  reveal: <T>(value: T) => T
}

export interface InventoryChanges {
  addHost(name: string, groups: string[], vars: Record<string, unknown>): void
  addToGroup(host: string, group: string, parents: string[]): void
}

export function taskRef(task: Task, handler = false): TaskRef {
  return { name: taskDisplayName(task), action: task.action, file: task.where.file, line: task.where.line, handler }
}

function active(runner: PlayRunner, hosts: string[]): string[] {
  return hosts.filter((h) => {
    const s = runner.state.get(h)
    return !s.failed && !s.unreachable && !s.ended
  })
}

/** What register stores: the result as the module returned it, marked as data that is never templated. */
function registered(result: ModuleResult): ModuleResult {
  const { _ansible_verbose_always: _v, _drover_meta: _m, _drover_add_host: _a, _drover_group_by: _g, ...rest } = result
  void _v
  void _m
  void _a
  void _g
  return markUnsafe({ ...rest, changed: Boolean(rest.changed), failed: Boolean(rest.failed) }) as ModuleResult
}

function applyOutcome(runner: PlayRunner, task: Task, host: string, outcome: TaskOutcome): void {
  const state = runner.state.get(host)
  const { result } = outcome
  const facts = result.ansible_facts as Record<string, unknown> | undefined
  if (facts && outcome.status !== 'failed') {
    // delegate_facts: facts a delegated task returns belong to the delegate, not the task's host.
    const owner = task.delegateFacts && outcome.delegatedTo !== undefined ? runner.state.get(outcome.delegatedTo) : state
    if (task.action === 'set_fact') Object.assign(owner.setFacts, facts)
    else if (task.action === 'include_vars') Object.assign(owner.includeVars, facts)
    // Replaced, not changed in place: HostState keeps the facts' variables until the facts change.
    else owner.facts = { ...owner.facts, ...(markUnsafe(facts) as Record<string, unknown>) }
  }
  const added = result._drover_add_host as { host_name: string; groups?: string[]; host_vars?: Record<string, unknown> } | undefined
  if (added && outcome.status !== 'failed') runner.inventory.addHost(added.host_name, added.groups ?? [], added.host_vars ?? {})
  const grouped = result._drover_group_by as { host: string; group: string; parents?: string[] } | undefined
  if (grouped && outcome.status !== 'failed') runner.inventory.addToGroup(grouped.host, grouped.group, grouped.parents ?? [])
  if (task.register) state.setFacts[task.register] = registered(result)
  if (result.changed && outcome.status !== 'failed' && outcome.status !== 'unreachable') for (const name of task.notify) state.notified.add(name)
}

/** set_stats data, for the hosts the result stands for (per_host) or for the run. */
function recordCustomStats(runner: PlayRunner, result: ModuleResult, hosts: string[]): void {
  const stats = result.ansible_stats as { data?: Record<string, unknown>; per_host?: boolean; aggregate?: boolean } | undefined
  if (!stats?.data || Object.keys(stats.data).length === 0) return
  for (const owner of stats.per_host ? hosts : [undefined]) runner.stats.recordCustom(owner, stats.data, stats.aggregate !== false)
}

/** Runs one task on the hosts; returns the hosts whose failure was not ignored. */
async function runTask(runner: PlayRunner, task: Task, hosts: string[], rescuable: boolean, handler: boolean): Promise<Set<string>> {
  const failed = new Set<string>()
  const targets = active(runner, hosts)
  if (targets.length === 0 || !runner.selected(task) || aborted(runner)) return failed
  if (task.action === 'meta') return runMetaTask(runner, task, targets, handler)
  if (!handler && !(await runner.control.confirm(task))) return failed
  const ref = taskRef(task, handler)
  runner.reporter.handle({ type: 'task_start', task: ref, hosts: targets })
  const report = (host: string, outcome: TaskOutcome) => {
    const { status, result } = outcome
    const ignored = (status === 'failed' && task.ignoreErrors) || (status === 'unreachable' && task.ignoreUnreachable)
    const state = runner.state.get(host)
    applyOutcome(runner, task, host, outcome)
    if (status === 'unreachable' && !ignored) state.unreachable = true
    if (status === 'failed' && !ignored) failed.add(host)
    // A failure inside a block with a rescue counts as rescued (even if the rescue then fails), not failed.
    if (status === 'failed' && !ignored && rescuable) runner.stats.recordRescued(host)
    else runner.stats.record(host, status, { ignored, changed: Boolean(result.changed) })
    if (status !== 'failed') recordCustomStats(runner, result, task.runOnce ? targets : [host])
    runner.reporter.handle({ type: 'host_result', host, task: ref, status, result, ignored, loop: Boolean(task.loop), delegatedTo: outcome.delegatedTo, delegatedAddress: outcome.delegatedAddress, noLog: task.noLog })
  }
  const runOn = async (host: string) => {
    const vars = taskVars(host, task, runner.sources, runner.scope)
    return runTaskOnHost(task, host, vars, runner.taskEnv, ref)
  }
  // run_once: the first host runs it and its result counts for every host of the batch. pause
  // bypasses the host loop in Ansible: it too runs once, but its result stays with the first host.
  if (task.runOnce || task.action === 'pause') {
    const outcome = await runner.limit(() => runOn(targets[0]!))
    report(targets[0]!, outcome)
    if (task.runOnce) for (const host of targets.slice(1)) applyOutcome(runner, task, host, outcome)
  } else {
    await Promise.all(targets.map((host) => runner.limit(async () => report(host, await runOn(host)))))
  }
  return failed
}

/**
 * meta tasks run in the strategy itself, host by host, as Ansible does: a banner per host, a
 * `skipping` line where `when` is false, and otherwise no result line and nothing counted.
 */
async function runMetaTask(runner: PlayRunner, task: Task, hosts: string[], handler: boolean): Promise<Set<string>> {
  const ref = taskRef(task, handler)
  const action = String(task.args._raw_params ?? '')
  let flush = false
  for (const host of active(runner, hosts)) {
    if (aborted(runner)) break
    runner.reporter.handle({ type: 'task_start', task: ref, hosts: [host] })
    const vars = taskVars(host, task, runner.sources, runner.scope)
    const outcome = task.when.length ? await runTaskOnHost({ ...task, action: 'meta' }, host, vars, runner.taskEnv, ref) : undefined
    if (outcome?.status === 'skipped') outcome.result = metaSkipped(action, host)
    if (outcome && outcome.status !== 'ok') {
      // Printed but not counted: a skipped meta task leaves the recap untouched in 2.14.
      if (outcome.status === 'failed') runner.stats.record(host, 'failed', { ignored: false, changed: false })
      runner.reporter.handle({ type: 'host_result', host, task: ref, status: outcome.status, result: outcome.result, ignored: false })
      if (outcome.status === 'failed') return new Set([host])
      continue
    }
    switch (action) {
      case 'flush_handlers':
        flush = true
        break
      case 'end_play':
        runner.ended = true
        for (const h of runner.scope.playHosts) runner.state.get(h).ended = true
        return new Set()
      case 'end_host':
        runner.state.get(host).ended = true
        break
      case 'end_batch':
        for (const h of runner.scope.batch) runner.state.get(h).ended = true
        break
      case 'clear_host_errors':
        for (const h of runner.scope.playHosts) runner.state.get(h).failed = false
        break
      case 'clear_facts':
        runner.state.get(host).facts = {}
        break
      case 'noop':
      case 'refresh_inventory':
      case 'reset_connection':
        break
      default:
        throw new DroverError('E_META', `meta: ${action} is not supported by drover yet`, task.where)
    }
  }
  if (flush) await flushHandlers(runner, hosts)
  return new Set()
}

/** The result StrategyBase._execute_meta gives a meta task whose `when` is false. */
function metaSkipped(action: string, host: string): ModuleResult {
  const why: Record<string, string> = {
    flush_handlers: `, not running handlers for ${host}`,
    clear_facts: `, not clearing facts and fact cache for ${host}`,
    clear_host_errors: `, not clearing host error state for ${host}`,
    end_batch: ', continuing current batch',
    end_play: ', continuing play',
    end_host: `, continuing execution for ${host}`,
  }
  // end_host keeps an older message in msg (Ansible: "Left for historical reasons").
  const msg = action === 'end_host' ? `end_host conditional evaluated to false, continuing execution for ${host}` : action
  return { msg, skipped: true, skip_reason: `${action} conditional evaluated to False${why[action] ?? ''}` }
}

/** A role instance runs once per host and play unless the role allows duplicates. */
function roleHosts(runner: PlayRunner, block: Block, hosts: string[]): string[] {
  const instance = block.roleInstance
  if (!instance || instance.allowDuplicates) return hosts
  return hosts.filter((host) => {
    const ran = runner.rolesRun.get(host) ?? new Set<string>()
    runner.rolesRun.set(host, ran)
    if (ran.has(instance.key)) return false
    ran.add(instance.key)
    return true
  })
}

async function runBlock(runner: PlayRunner, block: Block, hosts: string[], rescuable: boolean): Promise<Set<string>> {
  const entered = roleHosts(runner, block, active(runner, hosts))
  const hasRescue = block.rescue.length > 0
  const failedInBlock = await runItems(runner, block.block, entered, rescuable || hasRescue)
  let unhandled = failedInBlock
  if (hasRescue && failedInBlock.size > 0) {
    const rescuers = [...failedInBlock].filter((h) => !runner.state.get(h).unreachable)
    unhandled = await runItems(runner, block.rescue, rescuers, rescuable)
  }
  // always runs for every host that entered the block, including those whose failure is unhandled.
  for (const host of unhandled) runner.state.get(host).failed = false
  const alwaysHosts = entered.filter((h) => !runner.state.get(h).unreachable && !runner.state.get(h).ended)
  const alwaysFailed = await runItems(runner, block.always, alwaysHosts, rescuable)
  return new Set([...unhandled, ...alwaysFailed])
}

/** Runs a list of items; returns hosts whose failures were not handled within it. */
export async function runItems(runner: PlayRunner, items: TaskItem[], hosts: string[], rescuable = false): Promise<Set<string>> {
  const failed = new Set<string>()
  for (const item of items) {
    if (runner.ended || aborted(runner)) break
    if (runner.control.skipping(item)) continue
    const remaining = hosts.filter((h) => !failed.has(h))
    if (active(runner, remaining).length === 0) break
    let failedNow: Set<string>
    if (item.kind === 'block') failedNow = await runBlock(runner, item, remaining, rescuable)
    else if (item.kind === 'task') failedNow = await runTask(runner, item, remaining, rescuable, false)
    else {
      const targets = active(runner, remaining)
      failedNow = runner.selected(item) && targets.length ? await runInclude(runner, item, targets, runner.includeContext, (included, on) => runItems(runner, revealItemVars(included, runner.reveal), on, rescuable)) : new Set()
    }
    for (const host of failedNow) {
      failed.add(host)
      // Outside any rescuable block a failure takes the host out of the play; inside one, it waits for rescue.
      if (!rescuable) runner.state.get(host).failed = true
    }
    const fatal = item.anyErrorsFatal !== false && (item.anyErrorsFatal || runner.play.anyErrorsFatal)
    const overMaxFail = failedNow.size > 0 && !rescuable && !fatal && overMaxFailPercentage(runner)
    if (failedNow.size > 0 && !rescuable && (fatal || overMaxFail)) {
      for (const host of runner.scope.playHosts) runner.state.get(host).failed = true
      runner.ended = true
      runner.reporter.handle({ type: 'no_more_hosts' })
      // Ansible's linear strategy announces it once for max_fail_percentage, and again as it finds no host left.
      if (overMaxFail) runner.reporter.handle({ type: 'no_more_hosts' })
      break
    }
  }
  return failed
}

/** max_fail_percentage: more than that share of the batch failed (or is unreachable) ends the play for all. */
function overMaxFailPercentage(runner: PlayRunner): boolean {
  const limit = runner.play.maxFailPercentage
  if (limit === undefined) return false
  const { batch } = runner.scope
  const down = batch.filter((h) => runner.state.get(h).failed || runner.state.get(h).unreachable).length
  return down / batch.length > limit / 100
}

function handlerNames(handler: Task): string[] {
  return [...(handler.name !== undefined ? [handler.name, taskDisplayName(handler)] : []), ...handler.listen]
}

/** Every notification must name a handler or a listen topic (error_on_missing_handler). */
export function checkNotifications(play: Play): void {
  const known = new Set(play.handlers.flatMap(handlerNames))
  const visit = (items: TaskItem[]): void => {
    for (const item of items) {
      if (item.kind === 'block') {
        visit(item.block)
        visit(item.rescue)
        visit(item.always)
      } else if (item.kind === 'task') {
        for (const name of item.notify) {
          if (!known.has(name)) throw new DroverError('E_HANDLER', `The requested handler '${name}' was not found in either the main handlers list nor in the listening handlers list`, item.where)
        }
      }
    }
  }
  for (const section of [play.preTasks, play.roles, play.tasks, play.postTasks, play.handlers]) visit(section)
}

export async function flushHandlers(runner: PlayRunner, hosts: string[]): Promise<void> {
  // What was notified before this flush; a topic stays pending until every handler listening to it ran.
  const pending = new Map(hosts.map((host) => [host, new Set(runner.state.get(host).notified)]))
  for (const host of hosts) runner.state.get(host).notified.clear()
  for (const handler of runner.play.handlers) {
    const names = handlerNames(handler)
    const notifiedHosts = hosts.filter((host) => {
      const state = runner.state.get(host)
      if (state.unreachable || (state.failed && !runner.forceHandlers)) return false
      return names.some((n) => pending.get(host)!.has(n) || state.notified.has(n))
    })
    if (notifiedHosts.length === 0) continue
    // Notifications made by handlers during this flush are consumed by the handler they name.
    for (const host of notifiedHosts) for (const n of names) runner.state.get(host).notified.delete(n)
    // Forced handlers run even on failed hosts, which stay failed afterwards.
    const restore = runner.forceHandlers ? notifiedHosts.filter((h) => runner.state.get(h).failed) : []
    for (const host of restore) runner.state.get(host).failed = false
    const failed = await runTask(runner, handler, notifiedHosts, false, true)
    for (const host of [...failed, ...restore]) runner.state.get(host).failed = true
  }
}

/** Ctrl-C: no new task starts; what runs finishes, and the recap is printed. */
export function aborted(runner: PlayRunner): boolean {
  return Boolean(runner.taskEnv.context.signal?.aborted) || runner.control.halted
}

export async function runSections(runner: PlayRunner, hosts: string[]): Promise<void> {
  const { play } = runner
  for (const section of [play.preTasks, [...play.roles, ...play.tasks], play.postTasks]) {
    if (runner.ended || aborted(runner)) break
    await runItems(runner, section, hosts)
    if (!runner.ended) await flushHandlers(runner, hosts)
  }
}
