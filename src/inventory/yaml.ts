import { InventoryError } from '../errors.js'
import { expandHostPattern } from './address.js'
import type { InventoryData } from './model.js'
import { checkGroupName } from './names.js'
import { pyTypeName } from './pytype.js'

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Set)

/** Thrown for data that is YAML but not a YAML inventory, so an INI reading may be tried. */
export class NotYamlInventoryError extends InventoryError {}

/**
 * Read parsed YAML data as a YAML inventory (ansible-core 2.14 plugins/inventory/yaml.py):
 * top-level keys are groups, each with `hosts`, `vars` and `children`.
 */
export function parseYamlInventory(data: unknown, file: string, inv: InventoryData, warn: (m: string) => void): void {
  if (!data) throw new NotYamlInventoryError('Parsed empty YAML file', { file })
  if (!isMapping(data)) {
    throw new NotYamlInventoryError(`YAML inventory has invalid structure, it should be a dictionary, got: ${pyTypeName(data)}`, { file })
  }
  if (data.plugin) throw new NotYamlInventoryError('Plugin configuration YAML file, not YAML inventory', { file })
  for (const [name, body] of Object.entries(data)) parseGroup(name, body, file, inv, warn)
}

function parseGroup(group: string, body: unknown, file: string, inv: InventoryData, warn: (m: string) => void): string {
  if (!(isMapping(body) || body === null || body === undefined)) {
    warn(`Skipping '${group}' as this is not a valid group definition`)
    return group
  }
  checkGroupName(group, warn)
  inv.addGroup(group)
  if (!body) return group

  for (const section of ['vars', 'children', 'hosts']) {
    if (!(section in body)) continue
    if (typeof body[section] === 'string') body[section] = { [body[section] as string]: null }
    const v = body[section]
    if (!(isMapping(v) || v === null || v === undefined)) {
      throw new InventoryError(
        `Invalid "${section}" entry for "${group}" group, requires a dictionary, found "${pyTypeName(v)}" instead.`,
        { file },
      )
    }
  }

  for (const [key, value] of Object.entries(body)) {
    if (!(isMapping(value) || value === null || value === undefined)) {
      warn(`Skipping key (${key}) in group (${group}) as it is not a mapping, it is a ${pyTypeName(value)}`)
      continue
    }
    if (!value) continue
    if (key === 'vars') {
      for (const [k, v] of Object.entries(value)) inv.setVariable(group, k, v)
    } else if (key === 'children') {
      for (const [sub, subBody] of Object.entries(value)) {
        const child = parseGroup(sub, subBody, file, inv, warn)
        if (!inv.groups.has(child)) {
          throw new InventoryError(`${child} is not a known host nor group`, { file })
        }
        inv.addChild(group, child)
      }
    } else if (key === 'hosts') {
      for (const [pattern, hostVars] of Object.entries(value)) {
        let expanded: { hosts: string[]; port?: number }
        try {
          expanded = expandHostPattern(pattern)
        } catch (e) {
          throw new InventoryError((e as Error).message, { file })
        }
        const vars = hostVars ?? {}
        if (!isMapping(vars)) {
          throw new InventoryError(`Invalid data from file, expected dictionary and got:\n\n${String(vars)}`, { file })
        }
        for (const h of expanded.hosts) {
          inv.addHost(h, group, expanded.port)
          for (const [k, v] of Object.entries(vars)) inv.setVariable(h, k, v)
        }
      }
    } else {
      warn(`Skipping unexpected key (${key}) in group (${group}), only "vars", "children" and "hosts" are valid`)
    }
  }
  return group
}
