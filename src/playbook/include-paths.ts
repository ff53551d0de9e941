/** Where a relative task-file path of import_tasks/include_tasks is looked for, as Ansible does. */
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { isFile } from './files.js'
import type { RoleRef } from './types.js'

export function taskFileCandidates(target: string, includingFile: string, playbookDir: string, role?: RoleRef): string[] {
  if (isAbsolute(target)) return [target]
  const dirs: string[] = []
  // Inside a role, the role's tasks/ dir comes first, then the including file's dir.
  if (role) dirs.push(join(role.path, 'tasks'))
  dirs.push(dirname(includingFile))
  if (role) dirs.push(role.path)
  dirs.push(playbookDir)
  return [...new Set(dirs.map((d) => resolve(d, target)))]
}

/** The first candidate that exists, or the first candidate (for the "could not find" message). */
export function resolveTaskFile(target: string, includingFile: string, playbookDir: string, role?: RoleRef): { path: string; found: boolean } {
  const candidates = taskFileCandidates(target, includingFile, playbookDir, role)
  const found = candidates.find(isFile)
  return { path: found ?? candidates[0]!, found: found !== undefined }
}
