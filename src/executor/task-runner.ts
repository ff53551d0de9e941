/**
 * Runs one module once on one host: connection from the pool (through the delegate when the task
 * is delegated), arguments validated by the module's schema, then the module by its kind. Every
 * failure becomes a result, never an exception, except programming errors.
 */
import type { Settings } from '../config/settings.js'
import type { ConnectionPool } from '../connection/pool.js'
import { resolveTarget } from '../connection/target.js'
import type { RunSecrets } from '../connection/run-secrets.js'
import type { BecomeOptions, Connection } from '../connection/types.js'
import { ConnectionError, DroverError, UnknownModuleError, type SourcePosition } from '../errors.js'
import type { ModuleRegistry } from '../module/registry.js'
import { quote } from '../module/shell.js'
import type { ControllerContext, ControllerRunContext, ModuleResult } from '../module/types.js'
import type { HostStatus } from '../output/events.js'
import { runOnDevice } from '../network/run-on-device.js'
import { TransportMismatchError } from '../network/errors.js'
import { lazyConnection } from './lazy-connection.js'
import { runStateModule } from './state-module.js'

export interface RunContext {
  settings: Settings
  pool: ConnectionPool
  modules: ModuleRegistry
  check: boolean
  diff: boolean
  /** -k / -K answers (or password files), for connections and become. */
  secrets?: RunSecrets
  /** Whole vaulted files (include_vars). */
  decrypt?: (text: string, file: string) => string
  /** Where controller-side files are searched (playbook dir; roles add theirs). */
  searchDirs?: string[]
  /** Controller-side services for a host's task (file search, template rendering with its vars). */
  controller: (hostVars: Record<string, unknown>) => ControllerContext
  /**
   * Aborted on Ctrl-C (owned by the CLI): no new task starts once it is aborted; running commands
   * finish, the recap is still emitted.
   */
  signal?: AbortSignal
  /** Adds a value to the run's secrets, redacted from every output from then on. */
  registerSecret?: (value: string) => void
}

export interface ModuleCall {
  host: string
  action: string
  args: Record<string, unknown>
  /** Variables that decide the connection: the host's own, or the delegate's. */
  connectionHost: string
  connectionVars: Record<string, unknown>
  /** The task's variables (for controller modules and template rendering). */
  vars: Record<string, unknown>
  check: boolean
  diff: boolean
  /**
   * false: nothing reads the result's fields beyond its status (no register, no reporter that shows
   * them), so a state module skips its after-probe, which only fills them in. Default true.
   */
  resultFields?: boolean
  environment?: Record<string, string>
  /** Privilege escalation for every command the module sends. */
  become?: BecomeOptions
  where?: SourcePosition
  /** Controller modules evaluate expressions with these. */
  controllerRun?: Omit<ControllerRunContext, 'host' | 'vars' | 'check'>
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

/**
 * The connection as the task sees it: `environment:` as an `export` prefix and `become` on every
 * command the module sends; transfers pass through.
 */
function forTask(connection: Connection, environment: Record<string, string> | undefined, become: BecomeOptions | undefined): Connection {
  const names = Object.keys(environment ?? {})
  if ((!environment || names.length === 0) && !become) return connection
  for (const name of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new DroverError('E_ENVIRONMENT', `invalid environment variable name '${name}'`)
  }
  const prefix = names.map((name) => `export ${name}=${quote(environment![name]!)}; `).join('')
  return {
    host: connection.host,
    transport: connection.transport,
    get roundTrips() {
      return connection.roundTrips
    },
    exec: (command, options) => connection.exec(`${prefix}${command}`, { ...options, become: options?.become ?? become }),
    put: connection.put?.bind(connection),
    get: connection.get?.bind(connection),
    interactive: connection.interactive && ((command, options) => {
      if (become) return Promise.reject(new DroverError('E_BECOME', 'become is not supported for commands in a pseudo-terminal (expect) yet'))
      return connection.interactive!(`${prefix}${command}`, options)
    }),
    close: () => connection.close(),
  }
}

export async function runModule(call: ModuleCall, context: RunContext): Promise<ModuleResult> {
  try {
    const module = context.modules.get(call.action)
    const args = context.modules.prepareArgs(module, call.args, call.where)
    if (module.kind === 'controller') {
      if (!call.controllerRun) throw new DroverError('E_INTERNAL', `the ${module.name} module needs the playbook executor`)
      return await module.run(args, { decrypt: context.decrypt, searchDirs: context.searchDirs, ...call.controllerRun, host: call.host, vars: call.vars, check: call.check })
    }
    const target = resolveTarget(call.connectionHost, call.connectionVars, context.settings)
    if (target.transport === 'network_cli') {
      const playbookDir = context.searchDirs?.[0] ?? process.cwd()
      return await runOnDevice(module, target, { host: call.host, args, check: call.check, diff: call.diff, become: call.become }, { ...context, controller: context.controller(call.vars), playbookDir })
    }
    if (module.kind === 'network') throw new TransportMismatchError(`Connection type ${target.transport} is not valid for this module`)
    if (call.become?.method === 'enable') throw new TransportMismatchError(`the become method 'enable' is only for network devices (ansible_connection: network_cli)`)
    const open = async () => forTask(await context.pool.get(target), call.environment, call.become)
    const connection = module.kind === 'action' && module.reconnects ? lazyConnection(call.host, target.transport, open) : await open()
    const reconnect = async (options: { timeoutSeconds?: number } = {}) =>
      forTask(await context.pool.reopen(options.timeoutSeconds ? { ...target, timeoutSeconds: options.timeoutSeconds } : target), call.environment, call.become)
    if (module.kind === 'action') return await module.run(args, { host: call.host, connection, check: call.check, diff: call.diff, controller: context.controller(call.vars), registerSecret: context.registerSecret, reconnect })
    return await runStateModule(module, args, { connection, controller: context.controller(call.vars), check: call.check, diff: call.diff, resultFields: call.resultFields })
  } catch (error) {
    if (error instanceof ConnectionError) return unreachableResult(error)
    if (error instanceof UnknownModuleError) return { failed: true, msg: `The module ${error.moduleName} was not found in configured module paths` }
    if (error instanceof DroverError) return { changed: false, failed: true, msg: error.message }
    throw error
  }
}
