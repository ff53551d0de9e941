/** Runs any module kind as the executor does, over a LocalConnection, with a controller context for actions. */
import type { LocalConnection } from '../../src/connection/local.js'
import { controllerContext } from '../../src/executor/controller.js'
import type { ControllerRunContext, ModuleResult } from '../../src/module/types.js'
import { registry, runModule, type RunOptions } from './run-module.js'

export interface AnyRunOptions extends RunOptions {
  host?: string
  /** For controller modules: what the executor passes besides host/vars/check. */
  controllerRun?: Partial<Omit<ControllerRunContext, 'host' | 'vars' | 'check'>>
}

export async function runAny(connection: LocalConnection, name: string, rawArgs: Record<string, unknown>, options: AnyRunOptions = {}): Promise<ModuleResult> {
  const module = registry.get(name)
  if (module.kind === 'state') return runModule(connection, name, rawArgs, options)
  const args = registry.prepareArgs(module, rawArgs)
  const check = !!options.check
  if (module.kind === 'controller') {
    return module.run(args, {
      host: options.host ?? 'localhost',
      vars: options.vars ?? {},
      check,
      verbosity: 0,
      render: (v) => v,
      evaluate: () => undefined,
      where: {},
      ...options.controllerRun,
    })
  }
  if (module.kind === 'network') throw new Error(`${name} runs on network devices: test it against test/network-sim`)
  const controller = controllerContext({ searchDirs: options.searchDirs ?? [process.cwd()], renderTemplate: (text) => text })
  return module.run(args, { host: options.host ?? 'localhost', connection, check, diff: !!options.diff, controller })
}
