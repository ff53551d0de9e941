/**
 * Every module drover ships, by name, with the file that defines it. Names (and collections, for
 * FQCNs) are all a run needs before a task uses a module, so start-up loads no module file: each
 * loads on its first use (`ModuleRegistry.get`). The schema and everything else stay in the
 * module's own file; test/unit/module/catalog.test.ts checks this list against the files.
 */
import { createRequire } from 'node:module'
import type { DeferredModule, ModuleSource } from '../src/module/registry.js'
import type { Module } from '../src/module/types.js'

export interface CatalogEntry {
  name: string
  /** As the module declares it: `ansible.posix` makes `ansible.posix.sysctl` name the module too. */
  collection?: string
  /** The module's file in modules/, as built (`.js`). */
  file: string
}

const entry = (name: string, file = `${name}.js`, collection?: string): CatalogEntry => (collection ? { name, file, collection } : { name, file })

export const MODULE_CATALOG: readonly CatalogEntry[] = [
  entry('command'),
  entry('shell'),
  entry('raw'),
  entry('ping'),
  entry('debug'),
  entry('set_fact'),
  entry('assert'),
  entry('fail'),
  entry('meta'),
  entry('setup'),
  entry('file'),
  entry('stat'),
  entry('copy'),
  entry('lineinfile'),
  entry('template'),
  entry('blockinfile'),
  entry('replace'),
  entry('slurp'),
  entry('find'),
  entry('tempfile'),
  entry('fetch'),
  entry('script'),
  entry('get_url'),
  entry('unarchive'),
  entry('git'),
  entry('cron'),
  entry('authorized_key', undefined, 'ansible.posix'),
  entry('mount', undefined, 'ansible.posix'),
  entry('wait_for'),
  entry('uri'),
  entry('include_vars'),
  entry('add_host'),
  entry('group_by'),
  entry('set_stats'),
  entry('pause'),
  entry('apt'),
  entry('service'),
  entry('systemd'),
  entry('hostname'),
  entry('sysctl', undefined, 'ansible.posix'),
  entry('wait_for_connection'),
  entry('reboot'),
  entry('package'),
  entry('expect'),
  entry('cli_command', undefined, 'ansible.netcommon'),
  entry('cli_config', undefined, 'ansible.netcommon'),
  // One file defines the facts module of every network platform.
  entry('ios_facts', 'network_facts.js', 'cisco.ios'),
  entry('eos_facts', 'network_facts.js', 'arista.eos'),
  entry('junos_facts', 'network_facts.js', 'junipernetworks.junos'),
  entry('user'),
  entry('group'),
]

/** The module an entry names, among its file's exports (a module, or a list of them). */
export function catalogModule(entry: CatalogEntry, exports: Record<string, unknown>): Module {
  for (const value of Object.values(exports)) {
    for (const candidate of Array.isArray(value) ? value : [value]) {
      if (candidate && typeof candidate === 'object' && (candidate as Module).name === entry.name && typeof (candidate as Module).kind === 'string') return candidate as Module
    }
  }
  throw new Error(`modules/${entry.file} does not export the module ${entry.name}`)
}

/**
 * Node ≥ 20.19 loads an ES module synchronously with require(), so a module can load at its first
 * `get` without making the registry (and playbook normalisation, which asks it) asynchronous.
 */
function canRequireEsm(): boolean {
  return (process.features as { require_module?: boolean }).require_module === true
}

/** The built-in modules for a registry: deferred where Node can load them on first use, else all loaded now. */
export async function builtinModules(): Promise<readonly ModuleSource[]> {
  if (!canRequireEsm()) return (await import('./index.js')).BUILTIN_MODULES
  const require = createRequire(import.meta.url)
  return MODULE_CATALOG.map((e): DeferredModule => ({
    name: e.name,
    ...(e.collection ? { collection: e.collection } : {}),
    load: () => catalogModule(e, require(`./${e.file}`) as Record<string, unknown>),
  }))
}
