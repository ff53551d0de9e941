import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, extname, isAbsolute, join, normalize, resolve } from 'node:path'
import { DroverError, InventoryError } from '../errors.js'
import { parseAddress } from './address.js'
import { parseIni } from './ini.js'
import type { InventoryData } from './model.js'
import { runInventoryScript } from './script.js'
import { parseYamlInventory } from './yaml.js'
import { type Decrypt, loadYamlText } from './yamlfile.js'

/** Files a directory source never reads (INVENTORY_IGNORE_EXTS and the always-ignored names). */
const IGNORED = /^\.|^host_vars$|^group_vars$|^vars_plugins$|\.pyc$|\.pyo$|\.swp$|\.bak$|~$|\.rpm$|\.md$|\.txt$|\.rst$|\.orig$|\.ini$|\.cfg$|\.retry$/

export interface SourceContext {
  inv: InventoryData
  decrypt?: Decrypt
  warn: (m: string) => void
  /** Throw on a source that no reader could parse (ansible's INVENTORY_ANY_UNPARSED_IS_FAILED). */
  anyUnparsedIsFailed?: boolean
}

interface Failure {
  plugin: string
  error: Error
}

/** A path as ansible's unfrackpath makes it (follow=False): vars and ~ expanded, absolute, normal. */
export function unfrackPath(p: string): string {
  let out = p.replace(/\$(\w+)|\$\{(\w+)\}/g, (m, a, b) => process.env[a ?? b] ?? m)
  if (out === '~' || out.startsWith('~/')) out = homedir() + out.slice(1)
  return normalize(isAbsolute(out) ? out : resolve(out))
}

/**
 * Read one `-i` source into the inventory (manager.py parse_source): a directory (its files in
 * sorted order, some skipped), a comma-separated host list, or a file tried with each reader in
 * ansible's plugin order. Returns whether anything parsed; failures become ansible's warnings.
 */
const DEFAULT_INVENTORY_SOURCE = '/etc/ansible/hosts'

export async function parseSource(source: string, ctx: SourceContext): Promise<boolean> {
  if (!source.includes(',')) source = unfrackPath(source)
  let st
  try {
    st = statSync(source)
  } catch {
    st = undefined
  }
  if (st?.isDirectory()) {
    let parsed = false
    for (const entry of readdirSync(source).sort()) {
      if (IGNORED.test(entry)) continue
      if (await parseSource(join(source, entry), ctx)) parsed = true
    }
    return parsed
  }

  const failures: Failure[] = []
  let parsed = false
  ctx.inv.currentSource = source
  ctx.inv.currentSourceDir = st ? dirname(source) : null
  try {
    for (const plugin of PLUGINS) {
      if (!plugin.wants(source, st !== undefined)) continue
      try {
        await plugin.parse(source, ctx)
        parsed = true
        break
      } catch (e) {
        if (!(e instanceof Error)) throw e
        failures.push({ plugin: plugin.name, error: e })
      }
    }
  } finally {
    ctx.inv.currentSource = null
    ctx.inv.currentSourceDir = null
  }
  // Ansible stays quiet about its built-in default source when that file does not exist.
  if (!parsed && (source !== DEFAULT_INVENTORY_SOURCE || st !== undefined)) {
    for (const f of failures) ctx.warn(` * Failed to parse ${source} with ${f.plugin} plugin: ${describe(f.error)}`)
    if (ctx.anyUnparsedIsFailed) {
      // the error of the reader that matches the file's kind says the most about what is wrong
      const order = ['.yml', '.yaml', '.json'].includes(extname(source)) ? ['yaml', 'auto'] : ['ini', 'script']
      const best =
        order.map((p) => failures.find((f) => f.plugin === p && f.error instanceof DroverError)).find(Boolean) ??
        failures.find((f) => f.error instanceof DroverError)
      if (best) throw best.error
      throw new InventoryError(`Completely failed to parse inventory source ${source}`)
    }
    ctx.warn(`Unable to parse ${source} as an inventory source`)
  }
  return parsed
}

/** `file:line: message` for our own errors, the bare message for anything else. */
function describe(e: Error): string {
  return e instanceof DroverError ? e.located : e.message
}

interface Plugin {
  name: string
  wants(source: string, exists: boolean): boolean
  parse(source: string, ctx: SourceContext): Promise<void>
}

const readable = (p: string): boolean => {
  try {
    accessSync(p, constants.R_OK)
    return true
  } catch {
    return false
  }
}

function readText(path: string, ctx: SourceContext): string {
  const text = readFileSync(path, 'utf8')
  if (text.startsWith('$ANSIBLE_VAULT;')) {
    if (!ctx.decrypt) throw new InventoryError('Attempting to decrypt but no vault secrets found', { file: path })
    return ctx.decrypt(text, path)
  }
  return text
}

const hostList: Plugin = {
  name: 'host_list',
  wants: (source, exists) => !exists && source.includes(','),
  async parse(source, ctx) {
    for (const raw of source.split(',')) {
      const h = raw.trim()
      if (!h) continue
      let host = h
      let port: number | undefined
      try {
        ;({ host, port } = parseAddress(h, false))
      } catch {
        host = h
        port = undefined
      }
      if (!ctx.inv.hosts.has(host)) ctx.inv.addHost(host, 'ungrouped', port)
    }
  },
}

const script: Plugin = {
  name: 'script',
  wants(source, exists) {
    if (!exists || !readable(source) || !statSync(source).isFile()) return false
    if (statSync(source).mode & 0o111) return true
    return readFileSync(source).subarray(0, 2).toString('latin1') === '#!'
  },
  parse: (source, ctx) => runInventoryScript(source, ctx.inv),
}

const auto: Plugin = {
  name: 'auto',
  wants: (source, exists) => exists && readable(source) && (source.endsWith('.yml') || source.endsWith('.yaml')),
  async parse(source, ctx) {
    const data = loadYamlText(readFileSync(source, 'utf8'), source, ctx.decrypt) as Record<string, unknown> | null
    const name = data && typeof data === 'object' && !Array.isArray(data) ? data.plugin : undefined
    if (!name) {
      throw new InventoryError(`no root 'plugin' key found, '${source}' is not a valid YAML inventory plugin config file`)
    }
    // drover ships no inventory plugins (aws_ec2, constructed, …)
    throw new InventoryError(`inventory config '${source}' specifies unknown plugin '${String(name)}'`)
  },
}

const yaml: Plugin = {
  name: 'yaml',
  wants(source, exists) {
    if (!exists || !readable(source)) return false
    const ext = extname(source)
    return !ext || ['.yml', '.yaml', '.json'].includes(ext)
  },
  async parse(source, ctx) {
    const data = loadYamlText(readFileSync(source, 'utf8'), source, ctx.decrypt)
    parseYamlInventory(data, source, ctx.inv, ctx.warn)
  },
}

const ini: Plugin = {
  name: 'ini',
  wants: (source, exists) => exists && readable(source),
  async parse(source, ctx) {
    parseIni(readText(source, ctx), source, ctx.inv, ctx.warn)
  },
}

const toml: Plugin = {
  name: 'toml',
  wants: (source, exists) => exists && readable(source) && extname(source) === '.toml',
  async parse() {
    throw new InventoryError('TOML inventories are not supported by drover')
  },
}

const PLUGINS: Plugin[] = [hostList, script, auto, yaml, ini, toml]
