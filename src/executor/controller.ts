/** Controller-side services for modules: finding `src` files the way Ansible searches for them. */
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { FileNotFoundError } from '../errors.js'
import type { ControllerContext } from '../module/types.js'

export interface ControllerOptions {
  /** Directories searched, in order: each is tried as `dir/<kind>/path` and `dir/path` (role dir, playbook dir). */
  searchDirs: string[]
  renderTemplate: (text: string, source: string) => string
}

export function controllerContext(options: ControllerOptions): ControllerContext {
  return {
    findFile(path, kind) {
      if (isAbsolute(path)) {
        if (existsSync(path)) return path
        throw new FileNotFoundError(`Could not find or access '${path}' on the Ansible Controller.`)
      }
      const candidates = options.searchDirs.flatMap((dir) => [join(dir, kind, path), join(dir, path)])
      const found = candidates.find((candidate) => existsSync(candidate))
      if (!found) {
        throw new FileNotFoundError(`Could not find or access '${path}'\nSearched in:\n${candidates.map((c) => `\t${resolve(c)}`).join('\n')}`)
      }
      return found
    },
    readFile: (path) => readFileSync(path),
    renderTemplate: options.renderTemplate,
  }
}
