/**
 * How a task runs on a network_cli host: network modules get the device's CLI (entering or
 * leaving enable mode as the task's become says); gather_facts runs the platform's facts module,
 * as Ansible's `smart` facts do; anything that needs a POSIX shell fails clearly instead of hanging.
 */
import type { ConnectionPool } from '../connection/pool.js'
import type { BecomeOptions, ConnectionTarget } from '../connection/types.js'
import type { ModuleRegistry } from '../module/registry.js'
import type { ControllerContext, Module, ModuleResult, NetworkModule } from '../module/types.js'
import { deviceCli } from './device-cli.js'
import { TransportMismatchError } from './errors.js'
import { NetworkCliConnection } from './network-connection.js'

export interface DeviceCall {
  host: string
  args: Record<string, unknown>
  check: boolean
  diff: boolean
  become?: BecomeOptions
}

export interface DeviceRunContext {
  pool: ConnectionPool
  modules: ModuleRegistry
  controller: ControllerContext
  /** Where `backup` files go (the playbook's directory). */
  playbookDir: string
  registerSecret?: (value: string) => void
}

/** The module a task on a network_cli host really runs: gather_facts' `setup` becomes `<os>_facts`. */
export function moduleForDevice(module: Module, platformName: string, modules: ModuleRegistry): NetworkModule {
  if (module.kind === 'network') return module
  if (module.name === 'setup' && modules.has(`${platformName}_facts`)) {
    const facts = modules.get(`${platformName}_facts`)
    if (facts.kind === 'network') return facts
  }
  throw new TransportMismatchError(`the ${module.name} module needs a POSIX shell and cannot run on a network_cli host; use cli_command, cli_config or ${platformName}_facts (and gather_facts: false)`)
}

export async function runOnDevice(module: Module, target: ConnectionTarget, call: DeviceCall, context: DeviceRunContext): Promise<ModuleResult> {
  const connection = await context.pool.get(target)
  if (!(connection instanceof NetworkCliConnection)) throw new TransportMismatchError(`Connection type ${connection.transport} is not valid for this module`)
  const run = moduleForDevice(module, connection.platform.name, context.modules)
  // gather_facts' subset carries over (setup's default is `all`); nothing else of setup's applies.
  const args = run === module ? call.args : context.modules.prepareArgs(run, call.args.gather_subset === undefined ? {} : { gather_subset: call.args.gather_subset })
  const session = await connection.cli()
  const enable = call.become?.method === 'enable' ? call.become : undefined
  for (const secret of [target.password, enable?.password]) if (secret) context.registerSecret?.(secret)
  if (enable) await session.enable(enable.password)
  else if (session.privileged) await session.disable()
  return run.run(args, {
    host: call.host,
    cli: deviceCli(session),
    check: call.check,
    diff: call.diff,
    controller: context.controller,
    playbookDir: context.playbookDir,
  })
}
