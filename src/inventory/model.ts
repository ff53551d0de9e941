import { InventoryError } from '../errors.js'

/**
 * The inventory graph as ansible-core 2.14 builds it (inventory/data.py, group.py, host.py):
 * groups and hosts keep insertion order, because every listing and pattern result follows it.
 */
export type Vars = Record<string, unknown>

export class Group {
  readonly name: string
  /** Longest path from `all`; fixed up by InventoryData.reconcile(). */
  depth = 0
  priority = 1
  vars: Vars = {}
  readonly hosts: Host[] = []
  readonly hostSet = new Set<string>()
  readonly children: Group[] = []
  readonly parents: Group[] = []

  constructor(name: string) {
    this.name = name
  }

  setVariable(key: string, value: unknown): void {
    // ansible_group_priority is a group attribute, not a variable (group.py set_variable)
    if (key === 'ansible_group_priority') {
      const n = typeof value === 'number' ? value : Number.parseInt(String(value), 10)
      if (Number.isNaN(n)) throw new InventoryError(`invalid literal for int() with base 10: '${String(value)}'`)
      this.priority = Math.trunc(n)
      return
    }
    this.vars[key] = value
  }

  /** Every group above this one (parents, their parents, …). */
  ancestors(): Set<Group> {
    const seen = new Set<Group>()
    const stack = [...this.parents]
    while (stack.length) {
      const g = stack.pop() as Group
      if (seen.has(g)) continue
      seen.add(g)
      stack.push(...g.parents)
    }
    return seen
  }
}

export class Host {
  readonly name: string
  vars: Vars = {}
  /** Groups the host was added to directly, in order. */
  readonly directGroups: Group[] = []
  /** True for the implicit localhost, which `all` never matches. */
  implicit = false

  constructor(name: string, port?: number) {
    this.name = name
    if (port) this.vars.ansible_port = port
  }
}

export class InventoryData {
  readonly groups = new Map<string, Group>()
  readonly hosts = new Map<string, Host>()
  /** The source whose parse is in progress; new hosts record it as inventory_file. */
  currentSource: string | null = null
  /** Directory of currentSource (null for a host list, which is not a path). */
  currentSourceDir: string | null = null
  private implicitLocal: Host | null = null
  private hostsCache = new Map<string, Host[]>()

  constructor() {
    this.addGroup('all')
    this.addGroup('ungrouped')
    this.addChild('all', 'ungrouped')
  }

  addGroup(name: string): Group {
    if (!name) throw new InventoryError(`Invalid empty/false group name provided: ${name}`)
    let g = this.groups.get(name)
    if (!g) {
      g = new Group(name)
      this.groups.set(name, g)
      this.hostsCache.clear()
    }
    return g
  }

  addHost(name: string, group?: string, port?: number): Host {
    if (!name) throw new InventoryError(`Invalid empty host name provided: ${name}`)
    let g: Group | undefined
    if (group) {
      g = this.groups.get(group)
      if (!g) throw new InventoryError(`Could not find group ${group} in inventory`)
    }
    let h = this.hosts.get(name)
    if (!h) {
      h = new Host(name, port)
      this.hosts.set(name, h)
      // ansible records the first source a host was seen in (data.py add_host)
      h.vars.inventory_file = this.currentSource
      h.vars.inventory_dir = this.currentSourceDir
    } else if (port) {
      h.vars.ansible_port = port
    }
    if (g) this.addHostToGroup(g, h)
    return h
  }

  setVariable(entity: string, key: string, value: unknown): void {
    const g = this.groups.get(entity)
    if (g) return g.setVariable(key, value)
    const h = this.hosts.get(entity)
    if (h) {
      h.vars[key] = value
      return
    }
    throw new InventoryError(`Could not identify group or host named ${entity}`)
  }

  addChild(parentName: string, childName: string): void {
    const parent = this.groups.get(parentName)
    if (!parent) throw new InventoryError(`${parentName} is not a known group`)
    const child = this.groups.get(childName)
    if (child) {
      if (child === parent) throw new InventoryError(`can't add group to itself`)
      if (parent.children.includes(child)) return
      if (parent === child || parent.ancestors().has(child)) {
        throw new InventoryError(`Adding group '${child.name}' as child to '${parent.name}' creates a recursive dependency loop.`)
      }
      parent.children.push(child)
      if (!child.parents.includes(parent)) child.parents.push(parent)
      this.hostsCache.clear()
      return
    }
    const host = this.hosts.get(childName)
    if (host) return this.addHostToGroup(parent, host)
    throw new InventoryError(`${childName} is not a known host nor group`)
  }

  /** Put a host object (possibly the implicit localhost) directly in a group. */
  addHostToGroup(g: Group, h: Host): void {
    if (g.hostSet.has(h.name)) return
    g.hosts.push(h)
    g.hostSet.add(h.name)
    if (!h.directGroups.includes(g)) h.directGroups.push(g)
    this.hostsCache.clear()
  }

  private removeHostFromGroup(g: Group, h: Host): void {
    if (!g.hostSet.delete(h.name)) return
    g.hosts.splice(g.hosts.indexOf(h), 1)
    const i = h.directGroups.indexOf(g)
    if (i >= 0) h.directGroups.splice(i, 1)
    this.hostsCache.clear()
  }

  /** All groups of a host: its direct groups and every ancestor of them (host.py add_group). */
  hostGroups(h: Host): Group[] {
    const out: Group[] = []
    const seen = new Set<Group>()
    for (const g of h.directGroups) {
      for (const a of g.ancestors()) if (!seen.has(a)) { seen.add(a); out.push(a) }
      if (!seen.has(g)) { seen.add(g); out.push(g) }
    }
    return out
  }

  /**
   * The rules data.py reconcile_inventory applies once all sources are read: top-level groups go
   * under `all`, hosts with no group go to `ungrouped`, hosts with a real group leave it.
   */
  reconcile(warn: (m: string) => void): void {
    const all = this.groups.get('all') as Group
    const ungrouped = this.groups.get('ungrouped') as Group
    for (const g of this.groups.values()) {
      if (g !== all && g.parents.length === 0) this.addChild('all', g.name)
    }
    for (const h of this.hosts.values()) {
      const groups = this.hostGroups(h)
      if (groups.includes(ungrouped)) {
        if (groups.some((g) => g !== all && g !== ungrouped)) this.removeHostFromGroup(ungrouped, h)
      } else if (!h.implicit) {
        if (groups.length === 0 || (groups.length === 1 && groups[0] === all)) this.addHostToGroup(ungrouped, h)
      }
    }
    this.computeDepths()
    for (const name of this.groups.keys()) {
      if (this.hosts.has(name)) warn(`Found both group and host with same name: ${name}`)
    }
    this.hostsCache.clear()
  }

  private computeDepths(): void {
    const memo = new Map<Group, number>()
    const depthOf = (g: Group): number => {
      const known = memo.get(g)
      if (known !== undefined) return known
      memo.set(g, 0)
      let d = 0
      for (const p of g.parents) d = Math.max(d, depthOf(p) + 1)
      memo.set(g, d)
      return d
    }
    for (const g of this.groups.values()) g.depth = depthOf(g)
  }

  /**
   * Hosts of a group and of its descendants: the group's own hosts, then its children's level by
   * level (group.py _walk_relationship with preserve_ordering), de-duplicated. `all` skips the
   * implicit localhost.
   */
  groupHosts(g: Group): Host[] {
    const cached = this.hostsCache.get(g.name)
    if (cached) return cached
    const ordered: Group[] = [g, ...g.children]
    const seenGroups = new Set<Group>(ordered)
    let level = g.children
    while (level.length) {
      const next: Group[] = []
      for (const parent of level) {
        for (const kid of parent.children) {
          if (seenGroups.has(kid)) continue
          seenGroups.add(kid)
          ordered.push(kid)
          next.push(kid)
        }
      }
      level = next
    }
    const out: Host[] = []
    const seen = new Set<string>()
    for (const kid of ordered) {
      for (const h of kid.hosts) {
        if (seen.has(h.name)) continue
        seen.add(h.name)
        if (g.name === 'all' && h.implicit) continue
        out.push(h)
      }
    }
    this.hostsCache.set(g.name, out)
    return out
  }

  /** Look up a host, creating the implicit localhost when a localhost name is asked for. */
  getHost(name: string): Host | undefined {
    const h = this.hosts.get(name)
    if (h) return h
    if (LOCALHOST_NAMES.has(name)) return this.implicitLocalhost(name)
    return undefined
  }

  implicitLocalhost(name: string): Host {
    if (!this.implicitLocal) {
      const h = new Host(name)
      h.implicit = true
      h.vars.ansible_connection = 'local'
      this.implicitLocal = h
    }
    return this.implicitLocal
  }
}

export const LOCALHOST_NAMES = new Set(['localhost', '127.0.0.1', '::1'])
