/** Shared by the playbook tests: the builtin registry and loading a playbook file from the source tree. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { BUILTIN_MODULES } from '../../../modules/index.js'
import type { DroverError } from '../../../src/errors.js'
import { ModuleRegistry } from '../../../src/module/registry.js'
import { parseLocatedYaml } from '../../../src/playbook/load.js'
import { normalizePlaybook } from '../../../src/playbook/normalize.js'
import type { Play } from '../../../src/playbook/types.js'

export const registry = new ModuleRegistry(BUILTIN_MODULES)

/** A path under test/playbook-corpus/ in the source tree (tests run from the repository root). */
export function corpus(...parts: string[]): string {
  return resolve(process.cwd(), 'test', 'playbook-corpus', ...parts)
}

export function loadFile(file: string): Play[] {
  return normalizePlaybook(parseLocatedYaml(readFileSync(file, 'utf8'), file), file, registry, { rolesPath: [] })
}

export function loadFailure(file: string): DroverError {
  try {
    loadFile(file)
  } catch (error) {
    return error as DroverError
  }
  throw new Error(`expected ${file} to be refused`)
}
