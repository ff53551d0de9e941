/** A controller-side file for an action module: through the executor's search when it is passed, else cwd and cwd/files. */
import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { ModuleArgsError } from '../errors.js'
import type { ModuleContext } from './types.js'

export function findControllerFile(path: string, context: Pick<ModuleContext, 'controller'>): string {
  if (context.controller) return context.controller.findFile(path, 'files')
  const candidates = isAbsolute(path) ? [path] : [resolve('files', path), resolve(path)]
  const found = candidates.find((candidate) => existsSync(candidate))
  if (!found) throw new ModuleArgsError(`Could not find or access '${path}' on the Ansible Controller.`)
  return found
}
