/**
 * What normalising a play needs besides the YAML: the module registry, where files are looked up
 * (playbook dir, roles path), which files are being imported (cycle detection) and where the
 * handlers and role references found on the way (roles:, import_role) are collected.
 */
import { dirname } from 'node:path'
import type { ModuleRegistry } from '../module/registry.js'
import type { RoleRef, Task } from './types.js'

export interface LoadOptions {
  /** `roles_path` (settings.rolesPath), searched after `roles/` beside the playbook. */
  rolesPath?: string[]
  /** Turns a vault-encrypted vars file (role defaults/vars) into plain text. */
  decrypt?: (text: string, file: string) => string
}

/** Handlers and role references found while normalising one play, in load order. */
export interface PlayCollector {
  handlers: Task[]
  roleRefs: RoleRef[]
  /** Role instances whose handlers were already collected (one load per instance). */
  handlerKeys: Set<string>
  /** One RoleRef per role instance, so every task of an instance shares it. */
  refsByKey: Map<string, RoleRef>
}

export interface NormalizeContext extends LoadOptions {
  registry: ModuleRegistry
  /** The file being normalised now (playbook, task file or role file). */
  file: string
  /** The directory of the playbook that holds the play: `roles/` and relative imports start here. */
  playbookDir?: string
  /** Files (and role instances) being expanded, outermost first, to refuse cycles. */
  stack?: string[]
  collector?: PlayCollector
}

export function newCollector(): PlayCollector {
  return { handlers: [], roleRefs: [], handlerKeys: new Set(), refsByKey: new Map() }
}

export function playbookDirOf(context: NormalizeContext): string {
  return context.playbookDir ?? dirname(context.file)
}
