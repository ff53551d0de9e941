/** One call from a playbook path to its plays: read, parse with positions, normalise (imports resolved). */
import { resolve } from 'node:path'
import type { ModuleRegistry } from '../module/registry.js'
import type { LoadOptions } from './context.js'
import { parseLocatedYaml, readPlaybookText } from './load.js'
import { normalizePlaybook } from './normalize.js'
import type { Playbook } from './types.js'

/** `displayName` is the path as the user gave it (for "could not be found"); errors carry absolute paths. */
export function loadPlaybook(file: string, displayName: string, registry: ModuleRegistry, options: LoadOptions = {}): Playbook {
  const path = resolve(file)
  const text = readPlaybookText(path, displayName)
  return { file: path, plays: normalizePlaybook(parseLocatedYaml(text, path), path, registry, options) }
}
