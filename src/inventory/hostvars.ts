import { IPV4, IPV6 } from './address.js'
import type { VarsDirs } from './dirs.js'
import type { Group, Host, InventoryData, Vars } from './model.js'

/** Where group_vars/ and host_vars/ are looked for: each inventory source's directory, then the playbook's. */
export interface VarsRoots {
  inventoryDirs: string[]
  playbookDir?: string
}

/** Groups in the order their vars apply: depth, then ansible_group_priority, then name (helpers.py sort_groups). */
export function sortGroups(groups: Group[]): Group[] {
  return [...groups].sort((a, b) => a.depth - b.depth || a.priority - b.priority || cmp(a.name, b.name))
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * A host's inventory variables in ansible-core 2.14's order (vars/manager.py get_vars with the
 * default VARIABLE_PRECEDENCE): `all` inline vars, other groups' inline vars, group_vars/all next
 * to the inventory then the playbook, group_vars/<group> next to the inventory then the playbook,
 * the host's inline vars with inventory_hostname(_short) and group_names, then host_vars next to
 * the inventory and the playbook. Later layers replace earlier keys (hash_behaviour=replace).
 *
 * The group layers depend only on the host's set of groups, which thousands of hosts share, so
 * they are merged once per distinct set. Build a new resolver after the inventory changes.
 */
export class HostVarsResolver {
  private byGroupSet = new Map<string, { vars: Vars; groupNames: string[] }>()

  constructor(
    private readonly inv: InventoryData,
    private readonly dirs: VarsDirs,
    private readonly roots: VarsRoots,
  ) {}

  resolve(host: Host): Vars {
    const layer = this.groupLayer(host)
    const out: Vars = { ...layer.vars, ...host.vars }
    out.inventory_hostname = host.name
    out.inventory_hostname_short = shortName(host.name)
    out.group_names = [...layer.groupNames]
    for (const d of this.roots.inventoryDirs) Object.assign(out, this.dirs.entityVars(d, 'host_vars', host.name))
    if (this.roots.playbookDir) Object.assign(out, this.dirs.entityVars(this.roots.playbookDir, 'host_vars', host.name))
    return out
  }

  private groupLayer(host: Host): { vars: Vars; groupNames: string[] } {
    const key = host.directGroups.map((g) => g.name).join('\0')
    const hit = this.byGroupSet.get(key)
    if (hit) return hit
    const all = this.inv.groups.get('all') as Group
    const groups = sortGroups(this.inv.hostGroups(host).filter((g) => g !== all))
    const playDirs = this.roots.playbookDir ? [this.roots.playbookDir] : []
    const vars: Vars = { ...all.vars }
    for (const g of groups) Object.assign(vars, g.vars)
    for (const d of this.roots.inventoryDirs) Object.assign(vars, this.dirs.entityVars(d, 'group_vars', 'all'))
    for (const d of playDirs) Object.assign(vars, this.dirs.entityVars(d, 'group_vars', 'all'))
    for (const d of this.roots.inventoryDirs) for (const g of groups) Object.assign(vars, this.dirs.entityVars(d, 'group_vars', g.name))
    for (const d of playDirs) for (const g of groups) Object.assign(vars, this.dirs.entityVars(d, 'group_vars', g.name))
    const layer = { vars, groupNames: groups.map((g) => g.name).sort(cmp) }
    this.byGroupSet.set(key, layer)
    return layer
  }
}

/** A group's own vars as `ansible-inventory --graph --vars` shows them (cli/inventory.py _get_group_variables). */
export function groupReportVars(group: Group, dirs: VarsDirs, roots: VarsRoots): Vars {
  const out: Vars = { ...group.vars }
  for (const d of roots.inventoryDirs) Object.assign(out, dirs.entityVars(d, 'group_vars', group.name))
  if (roots.playbookDir) Object.assign(out, dirs.entityVars(roots.playbookDir, 'group_vars', group.name))
  if (group.priority !== 1) out.ansible_group_priority = group.priority
  return out
}

/** inventory_hostname_short: up to the first dot, except for IP addresses. */
export function shortName(name: string): string {
  // IPV6 is a large pattern that compiles on first use; only names with a colon can match it.
  if (IPV4.test(name) || (name.includes(':') && IPV6.test(name))) return name
  return name.split('.')[0]
}
