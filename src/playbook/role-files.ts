/**
 * Finding a role on disk and reading its parts: tasks, handlers, defaults, vars and meta
 * (dependencies, allow_duplicates). Reading is separate from expanding (roles.ts) so the run-time
 * include_role loader shares it.
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { FileNotFoundError, ParseError, type SourcePosition } from '../errors.js'
import { firstYamlFile, isDirectory, readVarsFile } from './files.js'
import { parseLocatedMapping, type LocatedMap } from './load.js'
import { isRecord } from './keyword-values.js'

export interface FoundRole {
  /** As shown in `TASK [name : task]`: the last path component. */
  name: string
  path: string
}

/** Which file of each role directory to use (`tasks_from`, `vars_from`, … of import_role/include_role). */
export interface RoleFromFiles {
  tasks?: string
  handlers?: string
  vars?: string
  defaults?: string
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(process.env.HOME ?? homedir(), path.slice(1)) : path
}

/** Ansible's search order: roles/ beside the playbook, roles_path, the depending role's dir, the playbook dir, then as a path. */
export function roleSearchPath(playbookDir: string, rolesPath: string[] | undefined, roleBasedir?: string): string[] {
  const dirs = [join(playbookDir, 'roles'), ...(rolesPath ?? []).map(expandHome)]
  if (roleBasedir) dirs.push(roleBasedir)
  dirs.push(playbookDir)
  return [...new Set(dirs)]
}

export function findRole(name: string, where: SourcePosition, playbookDir: string, rolesPath: string[] | undefined, roleBasedir?: string): FoundRole {
  const searched = roleSearchPath(playbookDir, rolesPath, roleBasedir)
  if (!isAbsolute(name)) {
    for (const dir of searched) {
      const path = resolve(dir, name)
      if (isDirectory(path)) return { name: basename(path), path }
    }
  } else if (isDirectory(name)) {
    return { name: basename(name), path: resolve(name) }
  }
  throw new FileNotFoundError(`the role '${name}' was not found in ${searched.join(':')}`, where)
}

/** The file a role part comes from: `<dir>/main.yml` (or .yaml, or bare `main`), or the `*_from` name. */
function partFile(role: FoundRole, dir: string, from: string | undefined, where: SourcePosition): string | undefined {
  if (from === undefined) return firstYamlFile(join(role.path, dir, 'main'))
  const file = firstYamlFile(join(role.path, dir, from))
  if (!file) throw new FileNotFoundError(`Could not find specified file in role: ${dir}/${from}`, where)
  return file
}

export interface RoleDependency {
  entry: unknown
  where: SourcePosition
  located?: LocatedMap
}

export interface RoleParts {
  tasksFile?: string
  handlersFile?: string
  defaults: Record<string, unknown>
  vars: Record<string, unknown>
  dependencies: RoleDependency[]
  allowDuplicates: boolean
  /** The dir dependencies are also searched in (the depending role's parent dir). */
  basedir: string
}

function readMeta(role: FoundRole): { dependencies: RoleDependency[]; allowDuplicates: boolean } {
  const file = firstYamlFile(join(role.path, 'meta', 'main'))
  if (!file) return { dependencies: [], allowDuplicates: false }
  const meta = parseLocatedMapping(readFileSync(file, 'utf8'), file)
  if (!meta) return { dependencies: [], allowDuplicates: false }
  const at = (key: string) => meta.keyWhere[key] ?? meta.where
  const raw = meta.value.dependencies
  let dependencies: RoleDependency[] = []
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) throw new ParseError("'dependencies' in a role's meta must be a list", at('dependencies'))
    const positions = meta.itemWhere?.dependencies ?? []
    const maps = meta.children.dependencies ?? []
    let m = 0
    dependencies = raw.map((entry, i) => ({ entry, where: positions[i] ?? at('dependencies'), located: isRecord(entry) ? maps[m++] : undefined }))
  }
  const allow = meta.value.allow_duplicates
  return { dependencies, allowDuplicates: allow === true || (typeof allow === 'string' && /^(yes|true|on|1)$/i.test(allow)) }
}

export function readRoleParts(role: FoundRole, from: RoleFromFiles, where: SourcePosition, decrypt?: (text: string, file: string) => string): RoleParts {
  const defaultsFile = partFile(role, 'defaults', from.defaults, where)
  const varsFile = partFile(role, 'vars', from.vars, where)
  return {
    tasksFile: partFile(role, 'tasks', from.tasks, where),
    handlersFile: partFile(role, 'handlers', from.handlers, where),
    defaults: defaultsFile ? readVarsFile(defaultsFile, decrypt) : {},
    vars: varsFile ? readVarsFile(varsFile, decrypt) : {},
    ...readMeta(role),
    basedir: dirname(role.path),
  }
}
