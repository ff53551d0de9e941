/**
 * A task's variables for one host, layered in Ansible's precedence order (reference §2.7):
 * role defaults < inventory < facts < play vars < vars_files < role vars < block/task vars <
 * include_vars < set_fact/register < role params < extra vars, then magic variables.
 * Layers replace whole values (hash_behaviour=replace).
 */
import type { ItemCommon, Play } from '../playbook/types.js'
import type { RunState } from './host-state.js'

export const OMIT_PLACEHOLDER = '__omit_place_holder__d5b5e0b1a8c3c2b1e7d7bd1d3b7c1c2e0b6f2a9e'

export interface VarsSources {
  inventoryVars(host: string): Record<string, unknown>
  state: RunState
  extraVars: Record<string, unknown>
  /** Values every host shares in this run (playbook_dir, ansible_check_mode, …). */
  runMagic: Record<string, unknown>
}

export interface PlayScope {
  play: Play
  /** vars_files of the play, loaded per host (their paths may be templates). */
  varsFiles(host: string): Record<string, unknown>
  playHosts: string[]
  batch: string[]
  hostvars: Record<string, unknown>
}

/** Host-level variables as `hostvars[host]` shows them: no task, block or role scope. */
export function hostLevelVars(host: string, sources: VarsSources, scope: PlayScope): Record<string, unknown> {
  const state = sources.state.get(host)
  return {
    ...sources.inventoryVars(host),
    ...state.factVars(),
    ...scope.play.vars,
    ...scope.varsFiles(host),
    ...state.includeVars,
    ...state.setFacts,
    ...sources.extraVars,
  }
}

export function taskVars(host: string, item: ItemCommon, sources: VarsSources, scope: PlayScope): Record<string, unknown> {
  const state = sources.state.get(host)
  const role = item.role
  return {
    ...role?.defaults,
    ...sources.inventoryVars(host),
    ...state.factVars(),
    ...scope.play.vars,
    ...scope.varsFiles(host),
    ...role?.vars,
    ...item.vars,
    ...state.includeVars,
    ...state.setFacts,
    ...role?.params,
    ...sources.extraVars,
    ...sources.runMagic,
    ...(role ? { role_name: role.name, role_path: role.path } : {}),
    hostvars: scope.hostvars,
    // A getter over a cached list: few templates read it, and filtering the play's hosts for every host-task would grow as hosts².
    // A copy, as each read in Ansible is a new list that a template or set_fact may keep.
    get ansible_play_hosts() {
      return sources.state.activeAmong(scope.playHosts).slice()
    },
    ansible_play_hosts_all: scope.playHosts,
    ansible_play_batch: scope.batch,
    play_hosts: scope.batch,
    ansible_play_name: scope.play.name ?? scope.play.hosts,
    omit: OMIT_PLACEHOLDER,
  }
}

/** `hostvars`: one object whose entries compute a host's variables only when a template reads them. */
export function lazyHostvars(hosts: () => string[], compute: (host: string) => Record<string, unknown>): Record<string, unknown> {
  const view: Record<string, unknown> = {}
  const define = (host: string) =>
    Object.defineProperty(view, host, { enumerable: true, configurable: true, get: () => compute(host) })
  for (const host of hosts()) define(host)
  return view
}

/**
 * Drops arguments whose value is `omit` (`x: "{{ y | default(omit) }}"`), at any depth of mappings.
 * Returns a copy (modules may change their arguments; a value may be a registered result). A loop
 * rather than entries/filter/map/fromEntries: it runs for every host-task.
 */
export function dropOmitted(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = []
    for (const v of value) if (v !== OMIT_PLACEHOLDER) out.push(dropOmitted(v))
    return out
  }
  if (value && typeof value === 'object') {
    const source = value as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(source)) {
      const v = source[key]
      if (v === OMIT_PLACEHOLDER) continue
      // An own `__proto__` key stays a key, as Object.fromEntries made it.
      if (key === '__proto__') Object.defineProperty(out, key, { value: dropOmitted(v), enumerable: true, writable: true, configurable: true })
      else out[key] = dropOmitted(v)
    }
    return out
  }
  return value
}
