/** What ad hoc and playbook runs share: settings, console, inventory, modules and the connection pool. */
import { resolveSettings, type Settings } from '../config/settings.js'
import { ConnectionPool } from '../connection/pool.js'
import type { RunContext } from '../executor/task-runner.js'
import { loadInventory, type Inventory } from '../inventory/index.js'
import { ModuleRegistry } from '../module/registry.js'
import { BUILTIN_MODULES } from '../../modules/index.js'
import { createConsole, type Console } from './console.js'
import { settingsFlags, type RunOptions } from './options.js'

export interface Session {
  settings: Settings
  console: Console
  inventory: Inventory
  modules: ModuleRegistry
  context: RunContext
  close(): Promise<void>
}

export interface SessionEnvironment {
  env: NodeJS.ProcessEnv
  cwd: string
}

export function startConsole(environment: SessionEnvironment, options: RunOptions): { settings: Settings; console: Console } {
  const pending: string[] = []
  const settings = resolveSettings({ env: environment.env, cwd: environment.cwd, flags: settingsFlags(options, environment.cwd) }, (m) => pending.push(m))
  const console = createConsole({ noColor: settings.noColor, forceColor: settings.forceColor })
  for (const message of pending) console.warn(message)
  return { settings, console }
}

export async function openSession(environment: SessionEnvironment, options: RunOptions, playbookDir?: string): Promise<Session> {
  const { settings, console } = startConsole(environment, options)
  const inventory = await loadInventory(settings.inventory, { playbookDir, warn: console.warn })
  const modules = new ModuleRegistry(BUILTIN_MODULES)
  const pool = new ConnectionPool({
    hostKeys: { checking: settings.hostKeyChecking, files: [settings.knownHostsFile] },
    env: environment.env,
  })
  const context: RunContext = { settings, pool, modules, check: Boolean(options.check), diff: Boolean(options.diff) }
  return { settings, console, inventory, modules, context, close: () => pool.closeAll() }
}
