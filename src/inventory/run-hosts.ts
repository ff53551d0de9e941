import { InventoryError } from '../errors.js'
import type { Inventory } from './index.js'
import { LOCALHOST_NAMES } from './model.js'

/** ansible's "no hosts to target" AnsibleError: the CLI exits 1 with `ERROR! <message>`. */
export class NoHostsError extends InventoryError {}

const NO_HOSTS = 'Specified inventory, host pattern and/or --limit leaves us with no hosts to target.'

/**
 * cli/__init__.py get_host_list: warn when the inventory is empty, select hosts for the pattern
 * and --limit, and fail when that leaves nothing (unless the inventory was empty to begin with).
 * Returns the host list (the implicit localhost included when it was named).
 */
export function targetHosts(inv: Inventory, pattern: string, limit?: string): string[] {
  const empty = inv.hostNames().length === 0
  if (empty && !LOCALHOST_NAMES.has(pattern)) {
    inv.warn("provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'")
  }
  let hosts = inv.selectHosts(pattern, limit)
  if (!hosts.length && LOCALHOST_NAMES.has(pattern)) hosts = [pattern]
  if (!hosts.length && !empty) throw new NoHostsError(NO_HOSTS)
  return hosts
}

/**
 * The host list of an ad hoc run (cli/adhoc.py): like targetHosts, but without --limit an empty
 * selection is only the warning "No hosts matched, nothing to do" and an empty list (exit 0).
 */
export function adhocHosts(inv: Inventory, pattern: string, limit?: string): string[] {
  try {
    return targetHosts(inv, pattern, limit)
  } catch (e) {
    if (!(e instanceof InventoryError) || limit) throw e
    inv.warn('No hosts matched, nothing to do')
    return []
  }
}

/** ansible-playbook checks --limit against `all` before any play runs (cli/playbook.py). */
export function checkPlaybookLimit(inv: Inventory, limit?: string): void {
  targetHosts(inv, 'all', limit)
}
