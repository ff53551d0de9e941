/** What ad hoc and playbook runs share: settings, console, inventory, modules and the connection pool. */
import { resolveSettings, type Settings } from '../config/settings.js'
import { ConnectionPool } from '../connection/pool.js'
import { gatherRunSecrets, poolOptions } from '../connection/run-secrets.js'
import { controllerContext } from '../executor/controller.js'
import type { RunContext } from '../executor/task-runner.js'
import { loadInventory, type Inventory } from '../inventory/index.js'
import { ModuleRegistry } from '../module/registry.js'
import { Templar } from '../template/index.js'
import { decryptText, loadVaultSecrets, SecretRegistry, vaultDefaultsFromEnv, type VaultSecret } from '../vault/index.js'
import { VaultRevealer } from '../vars/vaulted.js'
import { parse as parseYaml } from 'yaml'
import { promptSecret } from './prompt.js'
import { builtinModules } from '../../modules/catalog.js'
import { createConsole, type Console } from './console.js'
import { settingsFlags, type RunOptions } from './options.js'

export interface Session {
  settings: Settings
  templar: Templar
  /** Decrypts a whole vaulted file with the run's vault secrets. */
  decrypt: (text: string, file: string) => string
  /** Inline `!vault` values to plaintext, each registered for redaction. */
  revealer: VaultRevealer
  /** Every secret the run has seen: reporters redact them. */
  secretRegistry: SecretRegistry
  console: Console
  inventory: Inventory
  modules: ModuleRegistry
  context: RunContext
  close(): Promise<void>
}

export interface SessionEnvironment {
  env: NodeJS.ProcessEnv
  cwd: string
  /** Aborted on Ctrl-C (main.ts); the run stops starting new work. */
  signal?: AbortSignal
}

export function startConsole(environment: SessionEnvironment, options: RunOptions): { settings: Settings; console: Console } {
  const pending: string[] = []
  const settings = resolveSettings({ env: environment.env, cwd: environment.cwd, flags: settingsFlags(options, environment.cwd) }, (m) => pending.push(m))
  const console = createConsole({ noColor: settings.noColor, forceColor: settings.forceColor })
  for (const message of pending) console.warn(message)
  return { settings, console }
}

/** The vault secrets of the run; none is asked for unless a flag says so (ansible-playbook does not prompt on its own). */
async function vaultSecrets(environment: SessionEnvironment, options: RunOptions, settings: Settings, warn: (m: string) => void): Promise<VaultSecret[]> {
  const defaults = vaultDefaultsFromEnv(environment.env)
  return loadVaultSecrets({
    vaultIds: options.vaultId,
    passwordFiles: options.vaultPasswordFile,
    askVaultPass: options.askVaultPass,
    defaultIdentityList: defaults.defaultIdentityList,
    defaultPasswordFile: settings.vaultPasswordFile,
    autoPrompt: false,
    prompt: promptSecret,
    warn,
    cwd: environment.cwd,
  })
}

/** Every line the run prints passes through here: vault plaintexts and passwords never reach a terminal or log. */
function redacting(console: Console, registry: SecretRegistry): Console {
  return {
    ...console,
    stdout: {
      write: (text) => console.stdout.write(registry.redact(text)),
      get columns() {
        return console.stdout.columns
      },
    },
    stderr: (text) => console.stderr(registry.redact(text)),
    warn: (message) => console.warn(registry.redact(message)),
    error: (message) => console.error(registry.redact(message)),
  }
}

export async function openSession(environment: SessionEnvironment, options: RunOptions, playbookDir?: string): Promise<Session> {
  const { settings, console } = startConsole(environment, options)
  const vault = await vaultSecrets(environment, options, settings, console.warn)
  const secretRegistry = new SecretRegistry()
  const revealer = new VaultRevealer(vault, secretRegistry)
  // Whole vaulted files are secrets through and through: every value in them is registered.
  const decrypt = (text: string, file: string) => {
    const plaintext = decryptText(text, vault, file)
    secretRegistry.addLeaves(parseYaml(plaintext))
    return plaintext
  }
  const inventory = await loadInventory(settings.inventory, { playbookDir, warn: console.warn, decrypt })
  const modules = new ModuleRegistry(await builtinModules())
  // -k / -K are asked once, before anything connects, as Ansible does.
  const secrets = await gatherRunSecrets(settings, { askPass: options.askPass, askBecomePass: options.askBecomePass }, promptSecret)
  for (const secret of [secrets.connectionPassword, secrets.becomePassword]) if (secret) secretRegistry.add(secret)
  const pool = new ConnectionPool({ ...poolOptions(settings, environment.env, secrets, promptSecret), localWorkDir: playbookDir ?? environment.cwd })
  const templar = new Templar()
  const searchDirs = [playbookDir ?? environment.cwd]
  const context: RunContext = {
    settings,
    pool,
    modules,
    check: Boolean(options.check),
    diff: Boolean(options.diff),
    secrets,
    decrypt,
    searchDirs,
    signal: environment.signal,
    registerSecret: (value) => secretRegistry.add(value),
    controller: (vars) =>
      controllerContext({
        searchDirs,
        renderTemplate: (text, source) => templar.renderFile(text, vars, { where: { file: source }, searchPath: searchDirs, native: false }),
      }),
  }
  return { settings, templar, decrypt, revealer, secretRegistry, console: redacting(console, secretRegistry), inventory, modules, context, close: () => pool.closeAll() }
}
