import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { builtinModules, MODULE_CATALOG } from '../../../modules/catalog.js'
import { BUILTIN_MODULES } from '../../../modules/index.js'
import { ModuleRegistry } from '../../../src/module/registry.js'

const modulesDir = join(dirname(fileURLToPath(import.meta.url)), '../../../modules')

test('every module file is in the catalogue, and every entry names a module its file exports', () => {
  const files = readdirSync(modulesDir).filter((f) => f.endsWith('.js') && f !== 'index.js' && f !== 'catalog.js')
  assert.deepEqual([...new Set(MODULE_CATALOG.map((e) => e.file))].sort(), files.sort())
  for (const [i, entry] of MODULE_CATALOG.entries()) {
    const module = BUILTIN_MODULES[i]!
    assert.equal(module.name, entry.name)
    assert.equal(module.collection, entry.collection, `${entry.name}: the catalogue's collection must be the module's`)
  }
})

test('a registry of deferred modules resolves names without loading and loads the same module on first use', async () => {
  const sources = await builtinModules()
  const loaded: string[] = []
  const registry = new ModuleRegistry(sources.map((s) => ('load' in s ? { ...s, load: () => (loaded.push(s.name), s.load()) } : s)))
  assert.equal(registry.canonicalName('ansible.posix.sysctl'), 'sysctl')
  assert.equal(registry.fqcn('ios_facts'), 'cisco.ios.ios_facts')
  assert.ok(registry.has('ansible.builtin.copy'))
  assert.deepEqual(registry.names(), new ModuleRegistry(BUILTIN_MODULES).names())
  assert.deepEqual(loaded, [])
  for (const module of BUILTIN_MODULES) assert.equal(registry.get(module.name), module)
  registry.get('copy')
  assert.equal(loaded.filter((n) => n === 'copy').length, (process.features as { require_module?: boolean }).require_module ? 1 : 0)
})

test('a deferred module that names itself otherwise is refused', () => {
  const registry = new ModuleRegistry([{ name: 'copy', load: () => BUILTIN_MODULES.find((m) => m.name === 'file')! }])
  assert.throws(() => registry.get('copy'), (error: Error & { code?: string }) => error.code === 'E_MODULE_CATALOG')
})
