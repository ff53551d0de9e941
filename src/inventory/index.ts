import { existsSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { InventoryError } from '../errors.js'
import { VarsDirs } from './dirs.js'
import { groupReportVars, HostVarsResolver, type VarsRoots } from './hostvars.js'
import { type Group, InventoryData, LOCALHOST_NAMES } from './model.js'
import { expandLimit, PatternMatcher } from './pattern.js'
import { parseSource, unfrackPath } from './sources.js'
import type { Decrypt } from './yamlfile.js'

export { renderInventoryGraph, renderInventoryHost, renderInventoryList, renderListHosts } from './render.js'
export type { VaultValue } from './yamlfile.js'
export { adhocHosts, checkPlaybookLimit, NoHostsError, targetHosts } from './run-hosts.js'
export { hostReportVars } from './render.js'

export interface LoadInventoryOptions {
  /** Also read group_vars/ and host_vars/ next to the playbook (or --playbook-dir). */
  playbookDir?: string
  /** Called for any inventory or vars file whose text starts with `$ANSIBLE_VAULT;`. */
  decrypt?: Decrypt
  /** Ansible's [WARNING]s go through here, each distinct message once. */
  warn?: (message: string) => void
  /** Throw instead of warning when a source cannot be parsed (INVENTORY_ANY_UNPARSED_IS_FAILED). */
  anyUnparsedIsFailed?: boolean
  /** Throw when no source at all could be parsed (INVENTORY_UNPARSED_IS_FAILED). */
  unparsedIsFailed?: boolean
}

export interface GroupInfo {
  name: string
  /** Child group names, in the order they were added. */
  children: string[]
  /** Hosts added to this group directly (not through children), in order. */
  hosts: string[]
}

export interface Inventory {
  /** All hosts, inventory order (the order of the `all` pattern; implicit localhost excluded). */
  hostNames(): string[]
  /** All group names including `all` and `ungrouped`, in the order they were first seen. */
  groupNames(): string[]
  /** True for hosts defined in the inventory (not the implicit localhost). */
  hasHost(name: string): boolean
  /**
   * Host list for a pattern (play `hosts:` or ad hoc pattern) intersected with an optional
   * --limit (`@file` allowed), in Ansible's order. Unmatched parts warn through options.warn.
   */
  selectHosts(pattern: string | string[], limit?: string): string[]
  /** Everything the inventory contributes to a host's variables, merged, plus the inventory magic variables. */
  hostVars(name: string): Record<string, unknown>
  /** The `groups` magic variable (shared and frozen: do not mutate). */
  groupsMap(): Record<string, string[]>
  /** A group's direct children and hosts; undefined when there is no such group. */
  group(name: string): GroupInfo | undefined
  /** A group's own variables as `--graph --vars` shows them. */
  groupVars(name: string): Record<string, unknown>
  /** The inventory sources as given (ansible_inventory_sources). */
  sources(): string[]
  /** add_host: create or update a host, put it in groups (created when missing), merge vars. */
  addHost(name: string, groups?: string[], vars?: Record<string, unknown>): void
  /** group_by: put a host in a group (created when missing) with optional parent groups. */
  addHostToGroup(host: string, group: string, parents?: string[]): void
  /** Emit a warning once (shared dedupe with the inventory's own warnings). */
  warn(message: string): void
}

/** Load and merge inventory sources in order, as ansible-core 2.14's InventoryManager does. */
export async function loadInventory(sources: string[], options: LoadInventoryOptions = {}): Promise<Inventory> {
  const seen = new Set<string>()
  const sink = options.warn ?? (() => {})
  const warn = (m: string): void => {
    if (seen.has(m)) return
    seen.add(m)
    sink(m)
  }
  const data = new InventoryData()
  let parsed = false
  for (const source of sources) {
    if (!source) continue
    if (await parseSource(source, { inv: data, decrypt: options.decrypt, warn, anyUnparsedIsFailed: options.anyUnparsedIsFailed })) {
      parsed = true
    }
  }
  if (parsed) {
    data.reconcile(warn)
  } else if (options.unparsedIsFailed) {
    throw new InventoryError('No inventory was parsed, please check your configuration and options.')
  } else {
    warn('No inventory was parsed, only implicit localhost is available')
  }
  return new LoadedInventory(data, sources, varsRoots(sources, options.playbookDir), new VarsDirs(options.decrypt, warn), warn)
}

/** group_vars roots for the sources (inventory/manager + vars/plugins.py get_vars_from_inventory_sources). */
function varsRoots(sources: string[], playbookDir?: string): VarsRoots {
  const inventoryDirs: string[] = []
  for (const s of sources) {
    if (!s) continue
    if (s.includes(',') && !existsSync(s)) continue
    const p = unfrackPath(s)
    let isDir = false
    try {
      isDir = statSync(p).isDirectory()
    } catch {
      isDir = false
    }
    inventoryDirs.push(isDir ? p : dirname(p))
  }
  return { inventoryDirs, playbookDir: playbookDir ? unfrackPath(playbookDir) : undefined }
}

class LoadedInventory implements Inventory {
  private matcher: PatternMatcher
  private groupsCache: Record<string, string[]> | null = null
  private resolver: HostVarsResolver

  constructor(
    private readonly data: InventoryData,
    private readonly sourceList: string[],
    private readonly roots: VarsRoots,
    private readonly dirs: VarsDirs,
    readonly warn: (m: string) => void,
  ) {
    this.matcher = new PatternMatcher(data, warn)
    this.resolver = new HostVarsResolver(data, dirs, roots)
  }

  hostNames(): string[] {
    return this.data.groupHosts(this.data.groups.get('all') as Group).map((h) => h.name)
  }

  groupNames(): string[] {
    return [...this.data.groups.keys()]
  }

  hasHost(name: string): boolean {
    return this.data.hosts.has(name)
  }

  selectHosts(pattern: string | string[], limit?: string): string[] {
    return this.matcher.select(pattern, limit ? expandLimit(limit) : null)
  }

  hostVars(name: string): Record<string, unknown> {
    const host = this.data.getHost(name)
    if (!host) throw new InventoryError(`host not found in inventory: ${name}`)
    const vars = this.resolver.resolve(host)
    vars.groups = this.groupsMap()
    return vars
  }

  groupsMap(): Record<string, string[]> {
    if (!this.groupsCache) {
      const out: Record<string, string[]> = {}
      for (const [name, g] of this.data.groups) out[name] = Object.freeze(this.data.groupHosts(g).map((h) => h.name)) as string[]
      this.groupsCache = Object.freeze(out) as Record<string, string[]>
    }
    return this.groupsCache
  }

  group(name: string): GroupInfo | undefined {
    const g = this.data.groups.get(name)
    if (!g) return undefined
    return { name, children: g.children.map((c) => c.name), hosts: g.hosts.map((h) => h.name) }
  }

  groupVars(name: string): Record<string, unknown> {
    const g = this.data.groups.get(name)
    if (!g) throw new InventoryError(`group not found in inventory: ${name}`)
    return groupReportVars(g, this.dirs, this.roots)
  }

  sources(): string[] {
    return [...this.sourceList]
  }

  addHost(name: string, groups: string[] = [], vars: Record<string, unknown> = {}): void {
    if (!this.data.hosts.has(name)) this.data.addHost(name, 'all')
    const host = this.data.hosts.get(name)
    if (host) Object.assign(host.vars, vars)
    for (const g of groups) {
      this.data.addGroup(g)
      this.data.addChild(g, name)
    }
    this.changed()
  }

  addHostToGroup(hostName: string, group: string, parents: string[] = []): void {
    const host = this.data.getHost(hostName)
    if (!host) throw new InventoryError(`${hostName} cannot be matched in inventory`)
    const g = this.data.addGroup(group)
    for (const p of parents) {
      this.data.addGroup(p)
      this.data.addChild(p, group)
    }
    this.data.addHostToGroup(g, host)
    this.changed()
  }

  /** Dynamic changes re-run ansible's reconcile and drop everything derived from the graph. */
  private changed(): void {
    this.data.reconcile(this.warn)
    this.matcher = new PatternMatcher(this.data, this.warn)
    this.groupsCache = null
    this.resolver = new HostVarsResolver(this.data, this.dirs, this.roots)
  }
}

export { LOCALHOST_NAMES }
