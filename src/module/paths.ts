/** Remote path arithmetic (always POSIX, whatever the controller runs) and the post-change path report. */
import { posix } from 'node:path'
import { pathInfo } from './file-attributes.js'
import { parseSections, pathFacts, pathProbe } from './file-facts.js'
import type { AfterProbe } from './types.js'

export function dirnameOf(path: string): string {
  return posix.dirname(path)
}

/** os.path.join: an absolute second part replaces the first. */
export function joinPath(base: string, rest: string): string {
  return rest.startsWith('/') ? rest : posix.join(base, rest)
}

/** A relative path starting with '-' gets './' so tools that take no `--` (find) read it as a path. */
export function safePath(path: string): string {
  return path.startsWith('-') ? `./${path}` : path
}

/** Stats `path` at the end of the apply frame and reports it as Ansible's add_path_info does. */
export function afterProbe(path: string): AfterProbe {
  return {
    command: pathProbe('after', path, { linkNames: false, targetStat: false }),
    result(stdout) {
      const facts = pathFacts(parseSections(stdout), 'after', path)
      // A dangling link reports nothing, as add_path_info (os.path.exists follows links).
      const exists = facts.exists && (facts.stat?.type !== 'link' || facts.resolves === true)
      return exists ? pathInfo(facts.stat) : {}
    },
  }
}
