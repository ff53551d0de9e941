import { OptionsError } from '../errors.js'
import type { Inventory } from './index.js'
import { pyJsonDumps, pyStr } from './pyformat.js'
import { pyYamlDump } from './pyyaml.js'

/** Variables ansible-inventory never shows (cli/inventory.py INTERNAL_VARS). */
const INTERNAL_VARS = new Set([
  'ansible_diff_mode', 'ansible_config_file', 'ansible_facts', 'ansible_forks', 'ansible_inventory_sources',
  'ansible_limit', 'ansible_playbook_python', 'ansible_run_tags', 'ansible_skip_tags', 'ansible_verbosity',
  'ansible_version', 'inventory_dir', 'inventory_file', 'inventory_hostname', 'inventory_hostname_short',
  'groups', 'group_names', 'omit', 'playbook_dir',
])

function reportVars(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(vars)) if (!INTERNAL_VARS.has(k)) out[k] = v
  return out
}

/** A host's variables as `ansible-inventory --host` reports them. */
export function hostReportVars(inv: Inventory, name: string): Record<string, unknown> {
  return reportVars(inv.hostVars(name))
}

/**
 * `drover inventory --list` (JSON, or YAML with `yaml: true`): the text to print, without a
 * trailing newline, like ansible-inventory's output.
 */
export function renderInventoryList(inv: Inventory, opts: { yaml?: boolean } = {}): string {
  if (opts.yaml) return pyYamlDump(yamlTree(inv)).replace(/\n$/, '')
  const results: Record<string, unknown> = {}
  const seen = new Set<string>()
  const formatGroup = (name: string): void => {
    const g = inv.group(name)
    if (!g) return
    const entry: Record<string, unknown> = {}
    results[name] = entry
    if (name !== 'all' && g.hosts.length) entry.hosts = g.hosts
    const children: string[] = []
    for (const sub of g.children) {
      children.push(sub)
      if (!seen.has(sub)) {
        formatGroup(sub)
        seen.add(sub)
      }
    }
    if (children.length) entry.children = children
    if (!Object.keys(entry).length) delete results[name]
  }
  formatGroup('all')
  const hostvars: Record<string, unknown> = {}
  for (const h of inv.hostNames()) {
    const vars = hostReportVars(inv, h)
    if (Object.keys(vars).length) hostvars[h] = vars
  }
  results._meta = { hostvars }
  return pyJsonDumps(results)
}

function yamlTree(inv: Inventory): Record<string, unknown> {
  const seen = new Set<string>()
  const formatGroup = (name: string): Record<string, unknown> => {
    const g = inv.group(name)
    const entry: Record<string, unknown> = {}
    if (!g) return { [name]: entry }
    const children: Record<string, unknown> = {}
    for (const sub of g.children) if (sub !== 'all') Object.assign(children, formatGroup(sub))
    if (Object.keys(children).length) entry.children = children
    if (name !== 'all') {
      const hosts: Record<string, unknown> = {}
      for (const h of g.hosts) {
        // ansible writes a host's vars only under the first group it lists the host in
        let vars = {}
        if (!seen.has(h)) {
          seen.add(h)
          vars = hostReportVars(inv, h)
        }
        hosts[h] = vars
      }
      if (Object.keys(hosts).length) entry.hosts = hosts
    }
    return { [name]: entry }
  }
  return formatGroup('all')
}

/** `drover inventory --graph [GROUP] [--vars]`: the tree ansible-inventory draws. */
export function renderInventoryGraph(inv: Inventory, group = 'all', opts: { vars?: boolean } = {}): string {
  if (!inv.group(group)) throw new OptionsError('Pattern must be valid group name when using --graph')
  const line = (name: string, depth: number): string => (depth ? '  |'.repeat(depth) + '--' + name : name)
  const showVars = (vars: Record<string, unknown>, depth: number): string[] =>
    Object.keys(vars)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((k) => line(`{${k} = ${pyStr(vars[k])}}`, depth))
  const walk = (name: string, depth: number): string[] => {
    const g = inv.group(name)
    if (!g) return []
    const out = [line(`@${name}:`, depth)]
    for (const kid of g.children) out.push(...walk(kid, depth + 1))
    if (name !== 'all') {
      for (const h of g.hosts) {
        out.push(line(h, depth + 1))
        if (opts.vars) out.push(...showVars(hostReportVars(inv, h), depth + 2))
      }
    }
    if (opts.vars) out.push(...showVars(reportVars(inv.groupVars(name)), depth + 1))
    return out
  }
  return walk(group, 0).join('\n')
}

/** `drover inventory --host NAME`: the host's variables as sorted JSON. NAME is a pattern that must match one host. */
export function renderInventoryHost(inv: Inventory, name: string): string {
  const hosts = inv.selectHosts(name)
  if (hosts.length !== 1) throw new OptionsError('You must pass a single valid host to --host parameter')
  return pyJsonDumps(hostReportVars(inv, hosts[0]))
}

/** Ad hoc `--list-hosts` text. */
export function renderListHosts(hosts: string[]): string {
  return [`  hosts (${hosts.length}):`, ...hosts.map((h) => `    ${h}`)].join('\n')
}
