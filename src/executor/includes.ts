/**
 * include_tasks / include_role at run time: per host (and per loop item) the target is rendered and
 * loaded; hosts that include the same file with the same item run its tasks together, as Ansible's
 * linear strategy does. Each include counts as `ok` and prints `included: FILE for h1, h2`.
 */
import { DroverError } from '../errors.js'
import type { ModuleResult } from '../module/types.js'
import { loadIncludedRole, loadIncludedTasks, type IncludeLoadContext } from '../playbook/runtime-includes.js'
import { taskDisplayName, type DynamicInclude, type TaskItem } from '../playbook/types.js'
import { pyStr } from '../template/values.js'
import { taskVars } from '../vars/task-vars.js'
import { loopItems } from './loop-items.js'
import type { PlayRunner } from './play-run.js'

interface Instance {
  file: string
  items: TaskItem[]
  hosts: string[]
  label?: string
}

function failure(error: unknown): ModuleResult {
  if (error instanceof DroverError) return { changed: false, failed: true, msg: error.located }
  throw error
}

export async function runInclude(
  runner: PlayRunner,
  include: DynamicInclude,
  hosts: string[],
  includeContext: IncludeLoadContext,
  runItems: (items: TaskItem[], hosts: string[]) => Promise<Set<string>>,
): Promise<Set<string>> {
  const failed = new Set<string>()
  const ref = { name: taskDisplayName({ ...include, action: include.kind }), action: include.kind, file: include.where.file, line: include.where.line }
  if (runner.taskEnv.context.signal?.aborted) return failed
  runner.reporter.handle({ type: 'task_start', task: ref, hosts })
  const instances = new Map<string, Instance>()
  const { templar } = runner
  for (const host of hosts) {
    const vars = taskVars(host, include, runner.sources, runner.scope)
    try {
      const loopVar = include.loopControl.loopVar
      const items = include.loop ? loopItems(include.loop, templar, vars) : [undefined]
      let skippedAll = true
      for (const item of items) {
        const itemVars = include.loop ? { ...vars, [loopVar]: item, ansible_loop_var: loopVar } : vars
        const holds = include.when.every((c) => templar.evaluateConditional(c.expr, itemVars, { where: c.where }))
        if (!holds) continue
        skippedAll = false
        const target = String(templar.render(String(include.target), itemVars, { where: include.where, native: false }))
        const scoped: DynamicInclude = include.loop ? { ...include, vars: { ...include.vars, [loopVar]: item } } : include
        const loaded =
          include.kind === 'include_tasks'
            ? loadIncludedTasks(scoped, target, includeContext)
            : loadIncludedRole(scoped, target, templar.renderDeep(include.options, itemVars, { where: include.where, native: false }) as Record<string, unknown>, includeContext)
        for (const handler of loaded.handlers) if (!runner.play.handlers.includes(handler)) runner.play.handlers.push(handler)
        const label = include.loop ? pyStr(item) : undefined
        const key = `${loaded.file}\u0000${label ?? ''}`
        const instance = instances.get(key) ?? { file: loaded.file, items: loaded.items, hosts: [], label }
        instance.hosts.push(host)
        instances.set(key, instance)
      }
      if (skippedAll) {
        runner.stats.record(host, 'skipped', { ignored: false, changed: false })
        runner.reporter.handle({ type: 'host_result', host, task: ref, status: 'skipped', result: { changed: false, skip_reason: 'Conditional result was False' }, ignored: false })
      }
    } catch (error) {
      const result = failure(error)
      runner.stats.record(host, 'failed', { ignored: include.ignoreErrors, changed: false })
      runner.reporter.handle({ type: 'host_result', host, task: ref, status: 'failed', result, ignored: include.ignoreErrors })
      if (!include.ignoreErrors) failed.add(host)
    }
  }
  for (const instance of instances.values()) {
    runner.reporter.handle({ type: 'included', file: instance.file, hosts: instance.hosts, task: ref, label: instance.label })
    for (const host of instance.hosts) runner.stats.record(host, 'ok', { ignored: false, changed: false })
  }
  for (const instance of instances.values()) {
    const running = instance.hosts.filter((h) => !failed.has(h))
    for (const host of await runItems(instance.items, running)) failed.add(host)
  }
  return failed
}
