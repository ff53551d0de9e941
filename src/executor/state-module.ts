/**
 * Runs a state module: controller-side prepare, one read-only gather frame, a pure plan, and (unless
 * --check) one frame applying the plan's steps. An unchanged task costs one round trip, a changed two.
 */
import type { Connection } from '../connection/types.js'
import { applyCommand, failedStepMessage, stepsStderr } from '../module/steps.js'
import type { ControllerContext, ModuleResult, StateModule } from '../module/types.js'

export interface StateRunOptions {
  connection: Connection
  controller: ControllerContext
  check: boolean
  diff: boolean
  /** false: the after-probe is left out; each of its processes costs the host milliseconds, for fields nobody reads. */
  resultFields?: boolean
}

export async function runStateModule(module: StateModule<any, any, any>, args: Record<string, unknown>, options: StateRunOptions): Promise<ModuleResult> {
  const input = module.prepare ? await module.prepare(args, options.controller) : args
  const facts = await module.gather(input, { run: (command) => options.connection.exec(command), diff: options.diff })
  const plan = module.plan(input, facts, { check: options.check, diff: options.diff })
  if (plan.failed) return { ...plan.result, changed: false, failed: true, msg: plan.msg }
  if (!plan.changed) return { ...plan.result, changed: false }
  const result: ModuleResult = { ...plan.result, changed: true }
  if (options.diff && plan.diff) result.diff = plan.diff
  if (options.check || plan.steps.length === 0) return result
  const after = options.resultFields === false ? undefined : plan.after
  const applied = await options.connection.exec(applyCommand(plan.steps, after?.command))
  if (applied.rc !== 0) {
    const own = failedStepMessage(plan.steps, applied.stdout.toString('utf8'), applied.stderr.toString('utf8'))
    // As the Ansible module's fail_json: its message, and none of the result it was building.
    if (own !== undefined) return { changed: false, failed: true, msg: own }
    // As ansible-core: a change that could not be made is reported as not made.
    return { ...result, changed: false, failed: true, rc: applied.rc, msg: stepsStderr(applied.stderr.toString('utf8')).trim() || `applying the change failed with exit code ${applied.rc}` }
  }
  return after ? { ...result, ...after.result(applied.stdout.toString('utf8')), changed: true, ...(result.diff ? { diff: result.diff } : {}) } : result
}
