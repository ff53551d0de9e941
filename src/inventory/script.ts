import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { InventoryError } from '../errors.js'
import type { InventoryData } from './model.js'

const run = promisify(execFile)

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

async function exec(path: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(path, args, { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' })
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string; code?: unknown }
    if (typeof err.code === 'string') throw new InventoryError(`problem running ${[path, ...args].join(' ')} (${err.message})`)
    let stderr = err.stderr ?? ''
    if (stderr && !stderr.endsWith('\n')) stderr += '\n'
    throw new InventoryError(`Inventory script (${path}) had an execution error: ${stderr} `)
  }
}

/**
 * An executable inventory source (plugins/inventory/script.py): `path --list` prints groups as
 * JSON; host vars come from `_meta.hostvars`, or from `path --host NAME` when there is no _meta.
 */
export async function runInventoryScript(path: string, inv: InventoryData): Promise<void> {
  const { stdout, stderr } = await exec(path, ['--list'])
  let processed: unknown
  try {
    processed = JSON.parse(stdout)
  } catch (e) {
    throw new InventoryError(`failed to parse executable inventory script results from ${path}: ${(e as Error).message}\n${stderr}`)
  }
  if (!isDict(processed)) {
    throw new InventoryError(`failed to parse executable inventory script results from ${path}: needs to be a json dict\n${stderr}`)
  }
  const hosts = new Set<string>()
  let meta: Record<string, unknown> | null = null
  for (const [group, gdata] of Object.entries(processed)) {
    if (group === '_meta') {
      if (isDict(gdata) && 'hostvars' in gdata) meta = gdata.hostvars as Record<string, unknown>
      continue
    }
    parseScriptGroup(group, gdata, inv, hosts)
  }
  for (const host of hosts) {
    let got: unknown = {}
    if (meta === null) got = await hostVarsFromScript(path, host)
    else if (isDict(meta)) got = meta[host] ?? {}
    else throw new InventoryError(`Improperly formatted host information for ${host}`)
    if (!isDict(got)) throw new InventoryError(`Invalid data from file, expected dictionary and got:\n\n${JSON.stringify(got)}`)
    for (const [k, v] of Object.entries(got)) inv.setVariable(host, k, v)
  }
}

function parseScriptGroup(group: string, data: unknown, inv: InventoryData, hosts: Set<string>): void {
  inv.addGroup(group)
  let d: Record<string, unknown>
  if (!isDict(data)) d = { hosts: data }
  // a dict without any of the keys is the old "group is a host with these vars" form
  else if (!('hosts' in data || 'vars' in data || 'children' in data)) d = { hosts: [group], vars: data }
  else d = data
  if ('hosts' in d) {
    if (!Array.isArray(d.hosts)) {
      throw new InventoryError(`You defined a group '${group}' with bad data for the host list:\n ${JSON.stringify(d)}`)
    }
    for (const h of d.hosts) {
      hosts.add(String(h))
      inv.addHost(String(h), group)
    }
  }
  if ('vars' in d) {
    if (!isDict(d.vars)) throw new InventoryError(`You defined a group '${group}' with bad data for variables:\n ${JSON.stringify(d)}`)
    for (const [k, v] of Object.entries(d.vars)) inv.setVariable(group, k, v)
  }
  if ('children' in d && Array.isArray(d.children)) {
    for (const child of d.children) {
      inv.addGroup(String(child))
      inv.addChild(group, String(child))
    }
  }
}

async function hostVarsFromScript(path: string, host: string): Promise<unknown> {
  const { stdout } = await exec(path, ['--host', host]).catch(() => ({ stdout: '' }))
  if (!stdout.trim()) return {}
  try {
    return JSON.parse(stdout)
  } catch {
    throw new InventoryError(`could not parse post variable response: ${path} --host ${host}, ${stdout}`)
  }
}
