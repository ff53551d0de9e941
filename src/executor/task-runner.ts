/**
 * Runs one prepared task on one host: connection from the pool, arguments validated by the
 * module's schema, the module itself; every failure becomes a result, never an exception.
 */
import type { Settings } from '../config/settings.js'
import type { ConnectionPool } from '../connection/pool.js'
import { resolveTarget } from '../connection/target.js'
import { ConnectionError, DroverError, UnknownModuleError } from '../errors.js'
import type { ModuleRegistry } from '../module/registry.js'
import type { ControllerContext, ModuleResult } from '../module/types.js'
import { runStateModule } from './state-module.js'
import type { HostStatus } from '../output/events.js'

export interface RunContext {
  settings: Settings
  pool: ConnectionPool
  modules: ModuleRegistry
  check: boolean
  diff: boolean
  /** Controller-side services for a host's task (file search, template rendering with its vars). */
  controller: (hostVars: Record<string, unknown>) => ControllerContext
}

export interface HostOutcome {
  status: HostStatus
  result: ModuleResult
}

export function statusOf(result: ModuleResult): HostStatus {
  if (result.unreachable) return 'unreachable'
  if (result.failed) return 'failed'
  if (result.skipped) return 'skipped'
  return result.changed ? 'changed' : 'ok'
}

export function unreachableResult(error: ConnectionError): ModuleResult {
  const via = error.code === 'E_HOST_KEY' ? '' : 'Failed to connect to the host via ssh: '
  return { changed: false, msg: `${via}${error.message}`, unreachable: true }
}

export async function runModuleOnHost(
  host: string,
  hostVars: Record<string, unknown>,
  action: string,
  rawArgs: Record<string, unknown>,
  context: RunContext,
): Promise<HostOutcome> {
  let result: ModuleResult
  try {
    const module = context.modules.get(action)
    const args = context.modules.prepareArgs(module, rawArgs)
    const connection = await context.pool.get(resolveTarget(host, hostVars, context.settings))
    result =
      module.kind === 'action'
        ? await module.run(args, { host, connection, check: context.check, diff: context.diff })
        : await runStateModule(module, args, { connection, controller: context.controller(hostVars), check: context.check, diff: context.diff })
  } catch (error) {
    if (error instanceof ConnectionError) result = unreachableResult(error)
    else if (error instanceof UnknownModuleError) result = { failed: true, msg: `The module ${error.moduleName} was not found in configured module paths` }
    else if (error instanceof DroverError) result = { changed: false, failed: true, msg: error.message }
    else throw error
  }
  return { status: statusOf(result), result }
}
