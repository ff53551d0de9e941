/**
 * OpenSSH client configuration (`~/.ssh/config`, `-F`): `Host` blocks with patterns and negations,
 * `Match all`, `Include`, and the first-value-wins rule (IdentityFile and UserKnownHostsFile
 * accumulate). Other `Match` criteria are not evaluated: their blocks never apply.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, join } from 'node:path'
import { patternsMatch } from './known-hosts.js'

export type SshOption = [key: string, value: string]

interface Block {
  /** undefined: applies to every host (before the first Host line, or `Match all`). */
  patterns?: string[]
  never?: boolean
  options: SshOption[]
}

export interface SshConfig {
  blocks: Block[]
}

/** Values for one host, keys lower-cased as ssh treats them. */
export interface SshHostOptions {
  hostName?: string
  user?: string
  port?: number
  identityFiles: string[]
  identitiesOnly?: boolean
  proxyJump?: string
  proxyCommand?: string
  connectTimeout?: number
  serverAliveInterval?: number
  serverAliveCountMax?: number
  userKnownHostsFiles: string[]
}

/** `Key value`, `Key=value`, `Key = "quoted value"`; words split as ssh does, quotes removed. */
export function splitWords(text: string): string[] {
  const words: string[] = []
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] ?? m[2] ?? m[3]!)
  return words
}

function parseLine(raw: string): SshOption | undefined {
  const line = raw.trim()
  if (!line || line.startsWith('#')) return undefined
  const match = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line)
  if (!match) return undefined
  return [match[1]!.toLowerCase(), match[2]!.trim()]
}

export function parseSshConfig(text: string, file: string, home: string, depth = 0): SshConfig {
  const blocks: Block[] = [{ options: [] }]
  let current = blocks[0]!
  for (const raw of text.split('\n')) {
    const option = parseLine(raw)
    if (!option) continue
    const [key, value] = option
    if (key === 'host') {
      current = { patterns: splitWords(value), options: [] }
      blocks.push(current)
    } else if (key === 'match') {
      current = /^all$/i.test(value.trim()) ? { options: [] } : { never: true, options: [] }
      blocks.push(current)
    } else if (key === 'include' && depth < 16) {
      // Included files' blocks apply in place; a Host inside them does not end the including block.
      for (const path of expandInclude(value, file, home)) {
        const included = parseSshConfig(readFileSync(path, 'utf8'), path, home, depth + 1)
        const [head, ...rest] = included.blocks
        current.options.push(...head!.options)
        for (const block of rest) blocks.push({ ...block, patterns: block.patterns, never: current.never || block.never })
        if (rest.length) {
          current = { patterns: current.patterns, never: current.never, options: [] }
          blocks.push(current)
        }
      }
    } else {
      current.options.push(option)
    }
  }
  return { blocks }
}

function expandInclude(value: string, file: string, home: string): string[] {
  return splitWords(value).flatMap((word) => {
    const path = word.startsWith('~/') ? join(home, word.slice(2)) : isAbsolute(word) ? word : join(dirname(file), word)
    if (!path.includes('*') && !path.includes('?')) return existsSync(path) ? [path] : []
    const dir = dirname(path)
    if (!existsSync(dir)) return []
    return readdirSync(dir).filter((name) => patternsMatch(basename(path), name)).sort().map((name) => join(dir, name))
  })
}

export function loadSshConfig(file: string, home: string): SshConfig {
  if (!existsSync(file)) return { blocks: [] }
  return parseSshConfig(readFileSync(file, 'utf8'), file, home)
}

/** The options that apply to `host` (the name given to ssh), in file order. */
export function optionsFor(config: SshConfig, host: string): SshOption[] {
  return config.blocks
    .filter((b) => !b.never && (b.patterns === undefined || patternsMatch(b.patterns.join(','), host)))
    .flatMap((b) => b.options)
}

const yes = (value: string): boolean => /^(yes|true)$/i.test(value)

/** Applies ssh's rule: the first value of each keyword wins; list keywords accumulate. */
export function resolveHostOptions(options: SshOption[]): SshHostOptions {
  const result: SshHostOptions = { identityFiles: [], userKnownHostsFiles: [] }
  const seen = new Set<string>()
  for (const [key, value] of options) {
    if (key === 'identityfile') {
      result.identityFiles.push(value)
      continue
    }
    if (key === 'userknownhostsfile') {
      if (!seen.has(key)) result.userKnownHostsFiles.push(...splitWords(value))
      seen.add(key)
      continue
    }
    if (seen.has(key)) continue
    seen.add(key)
    switch (key) {
      case 'hostname':
        result.hostName = value
        break
      case 'user':
        result.user = value
        break
      case 'port':
        result.port = Number(value)
        break
      case 'identitiesonly':
        result.identitiesOnly = yes(value)
        break
      case 'proxyjump':
        result.proxyJump = value
        break
      case 'proxycommand':
        result.proxyCommand = value
        break
      case 'connecttimeout':
        result.connectTimeout = Number(value)
        break
      case 'serveraliveinterval':
        result.serverAliveInterval = Number(value)
        break
      case 'serveralivecountmax':
        result.serverAliveCountMax = Number(value)
        break
    }
  }
  return result
}

export interface TokenValues {
  host: string
  originalHost: string
  port: number
  remoteUser: string
  localUser: string
  home: string
}

/** `~` and the `%` tokens ssh expands in IdentityFile and UserKnownHostsFile. */
export function expandPath(path: string, t: TokenValues): string {
  const expanded = path.replace(/%([%hnprud])/g, (_, token: string) => {
    switch (token) {
      case 'h': return t.host
      case 'n': return t.originalHost
      case 'p': return String(t.port)
      case 'r': return t.remoteUser
      case 'u': return t.localUser
      case 'd': return t.home
      default: return '%'
    }
  })
  return expanded === '~' ? t.home : expanded.startsWith('~/') ? join(t.home, expanded.slice(2)) : expanded
}
