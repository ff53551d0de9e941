import { InventoryError } from '../errors.js'
import { expandHostPattern } from './address.js'
import type { InventoryData } from './model.js'
import { parseIniValue } from './pyliteral.js'
import { shlexSplit } from './shlex.js'
import { checkGroupName } from './names.js'

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/

interface Pending {
  line: number
  state: 'vars' | 'children'
  parents: string[]
}

/**
 * Read an INI inventory into `inv` with the rules of ansible-core 2.14's ini plugin: sections,
 * host lines split like shlex, values through Python literal rules, children that may be declared
 * later, and the end-of-file checks for undefined groups.
 */
export function parseIni(text: string, file: string, inv: InventoryData, warn: (m: string) => void): void {
  const lines = text.split(/\r\n|\n|\r/)
  const pending = new Map<string, Pending>()
  let group = 'ungrouped'
  let state = 'hosts'
  let lineno = 0
  const err = (message: string): never => {
    throw new InventoryError(message, { file, line: lineno })
  }

  for (const raw of lines) {
    lineno++
    try {
      parseLine(raw.trim())
    } catch (e) {
      // errors raised deeper down (a group loop, a bad name) still get this file and line
      if (e instanceof InventoryError && !e.file) err(e.message)
      throw e
    }
  }

  // ansible reports only the first unresolved reference
  for (const [name, p] of pending) {
    lineno = p.line
    if (p.state === 'vars') err(`Section [${name}:vars] not valid for undefined group: ${name}`)
    err(`Section [${p.parents[p.parents.length - 1]}:children] includes undefined group: ${name}`)
  }

  function parseLine(line: string): void {
    if (!line || line[0] === '#' || line[0] === ';') return

    const m = SECTION.exec(line)
    if (m) {
      group = m[1]
      checkGroupName(group, warn)
      state = m[2] ?? 'hosts'
      if (!['hosts', 'children', 'vars'].includes(state)) err(`Section [${m[1]}:${m[2]}] has unknown type: ${state}`)
      if (!inv.groups.has(group)) {
        // [g:vars] alone does not declare a group; remember it and check at the end
        if (state === 'vars' && !pending.has(group)) pending.set(group, { line: lineno, state: 'vars', parents: [] })
        inv.addGroup(group)
      }
      const p = pending.get(group)
      if (p && state !== 'vars') {
        if (p.state === 'children') addPendingChildren(inv, group, pending)
        else pending.delete(group)
      }
      return
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      err(
        `Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, ` +
          'and that there are no other invalid characters',
      )
    }

    if (state === 'hosts') {
      let tokens: string[]
      try {
        tokens = shlexSplit(line, true)
      } catch (e) {
        return err(`Error parsing host definition '${line}': ${(e as Error).message}`)
      }
      const { hosts, port } = expandIniHostPattern(tokens[0], err)
      const vars: Record<string, unknown> = {}
      for (const t of tokens.slice(1)) {
        const eq = t.indexOf('=')
        if (eq < 0) err(`Expected key=value host variable assignment, got: ${t}`)
        vars[t.slice(0, eq)] = parseIniValue(t.slice(eq + 1))
      }
      for (const h of hosts) {
        inv.addHost(h, group, port)
        for (const [k, v] of Object.entries(vars)) inv.setVariable(h, k, v)
      }
    } else if (state === 'vars') {
      const eq = line.indexOf('=')
      if (eq < 0) err(`Expected key=value, got: ${line}`)
      const key = line.slice(0, eq).trim()
      inv.setVariable(group, key, parseIniValue(line.slice(eq + 1).trim()))
    } else {
      const gm = GROUP_NAME.exec(line)
      if (!gm) return err(`Expected group name, got: ${line}`)
      const child = gm[1]
      if (!inv.groups.has(child)) {
        const p = pending.get(child)
        if (!p) pending.set(child, { line: lineno, state: 'children', parents: [group] })
        else p.parents.push(group)
      } else {
        inv.addChild(group, child)
      }
    }
  }
}

function addPendingChildren(inv: InventoryData, group: string, pending: Map<string, Pending>): void {
  const p = pending.get(group) as Pending
  for (const parent of p.parents) {
    inv.addChild(parent, group)
    const pp = pending.get(parent)
    if (pp && pp.state === 'children') addPendingChildren(inv, parent, pending)
  }
  pending.delete(group)
}

function expandIniHostPattern(pattern: string, err: (m: string) => never): { hosts: string[]; port?: number } {
  let res: { hosts: string[]; port?: number }
  try {
    res = expandHostPattern(pattern)
  } catch (e) {
    return err((e as Error).message)
  }
  if (pattern.trim().endsWith(':') && res.port === undefined) {
    err(`Invalid host pattern '${pattern}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`)
  }
  for (const h of res.hosts) {
    if (h.trim() === '---') err(`Invalid host pattern '${pattern}' supplied, '---' is normally a sign this is a YAML file.`)
  }
  return res
}
