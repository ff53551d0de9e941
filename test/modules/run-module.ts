/** Runs a module the way the executor does (schema, prepare, gather, plan, apply) over a LocalConnection. */
import { LocalConnection } from '../../src/connection/local.js'
import { controllerContext } from '../../src/executor/controller.js'
import { runStateModule } from '../../src/executor/state-module.js'
import { ModuleRegistry } from '../../src/module/registry.js'
import type { ModuleResult, StateModule } from '../../src/module/types.js'
import { Templar } from '../../src/template/index.js'
import { BUILTIN_MODULES } from '../../modules/index.js'

export const registry = new ModuleRegistry(BUILTIN_MODULES)

export interface RunOptions {
  check?: boolean
  diff?: boolean
  vars?: Record<string, unknown>
  searchDirs?: string[]
}

export async function runModule(connection: LocalConnection, name: string, rawArgs: Record<string, unknown>, options: RunOptions = {}): Promise<ModuleResult> {
  const module = registry.get(name) as StateModule
  const args = registry.prepareArgs(module, rawArgs)
  const templar = new Templar()
  const searchDirs = options.searchDirs ?? [process.cwd()]
  const controller = controllerContext({
    searchDirs,
    renderTemplate: (text, source) => templar.renderFile(text, options.vars ?? {}, { where: { file: source }, searchPath: searchDirs }),
  })
  return runStateModule(module, args, { connection, controller, check: !!options.check, diff: !!options.diff })
}
