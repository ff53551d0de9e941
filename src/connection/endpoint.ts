/**
 * Where and how to log in to a host: the inventory target combined with ssh arguments and
 * ~/.ssh/config. Inventory variables (and flags) win, then `-o`/`-J` style args, then the config
 * file, then ssh's defaults; ProxyJump hosts are resolved through the same config.
 */
import { join } from 'node:path'
import { OptionsError } from '../errors.js'
import type { ConnectCache } from './connect-cache.js'
import { DEFAULT_IDENTITIES } from './identities.js'
import { localUser } from './local-user.js'
import { parseSshArgs } from './ssh-args.js'
import { expandPath, loadSshConfig, optionsFor, resolveHostOptions, type SshConfig, type SshOption } from './ssh-config.js'
import type { ConnectionTarget } from './types.js'

export interface Hop {
  /** The name used in messages: inventory_hostname for the target, the jump spec for a bastion. */
  label: string
  address: string
  port: number
  user: string
  identityFiles: { path: string; explicit: boolean }[]
  identitiesOnly: boolean
  password?: string
  connectTimeoutMs: number
  keepaliveMs: number
  keepaliveCountMax: number
  /** UserKnownHostsFile from the config; empty means the run's known_hosts setting. */
  knownHostsFiles: string[]
}

export interface Endpoint {
  target: Hop
  /** Bastions in order: the first is reached directly, each next one through the previous. */
  jumps: Hop[]
}

export interface EndpointContext {
  env: NodeJS.ProcessEnv
  /** -F / ssh config file for the run; default ~/.ssh/config. */
  configFile?: string
  /** The run's parsed files: the config is read once, not once per host. */
  cache?: ConnectCache
}

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME ?? localUser().homedir
}

/** `[user@]host[:port]` or `ssh://[user@]host[:port]`, as ProxyJump takes them. */
export function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } {
  const text = spec.replace(/^ssh:\/\//, '')
  const match = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(text)
  if (!match) throw new OptionsError(`ProxyJump: cannot understand '${spec}'`)
  return { user: match[1], host: match[2]!.replace(/^\[|\]$/g, ''), port: match[3] ? Number(match[3]) : undefined }
}

interface HopInput {
  label: string
  name: string
  user?: string
  port?: number
  /** Identity files named by inventory or flags: tried first, and required to exist. */
  explicitKeys: string[]
  password?: string
  timeoutSeconds: number
  timeoutIsDefault: boolean
  options: SshOption[]
}

function buildHop(input: HopInput, config: SshConfig, env: NodeJS.ProcessEnv): Hop & { proxyJump?: string } {
  const options = resolveHostOptions([...input.options, ...optionsFor(config, input.name)])
  // Connecting directly instead of through the intended proxy would be a silent surprise: refuse.
  if (options.proxyCommand && options.proxyCommand.toLowerCase() !== 'none' && !options.proxyJump) {
    throw new OptionsError(`host ${input.label}: ProxyCommand is not supported by drover; use ProxyJump`)
  }
  const address = options.hostName ? options.hostName.replace(/%h/g, input.name) : input.name
  const port = input.port ?? options.port ?? 22
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new OptionsError(`host ${input.label}: Port must be a port number`)
  const user = input.user ?? options.user ?? localUser().username
  const tokens = { host: address, originalHost: input.name, port, remoteUser: user, localUser: localUser().username, home: home(env) }
  const fromConfig = options.identityFiles.map((p) => ({ path: expandPath(p, tokens), explicit: true }))
  const explicit = input.explicitKeys.map((p) => ({ path: expandPath(p, tokens), explicit: true }))
  let identityFiles = [...explicit, ...fromConfig]
  // As ssh: the default identities are tried only when nothing names a key.
  if (identityFiles.length === 0) identityFiles = DEFAULT_IDENTITIES.map((n) => ({ path: join(home(env), '.ssh', n), explicit: false }))
  const timeout = input.timeoutIsDefault && options.connectTimeout ? options.connectTimeout : input.timeoutSeconds
  return {
    label: input.label,
    address,
    port,
    user,
    identityFiles: identityFiles.filter((f, i) => identityFiles.findIndex((g) => g.path === f.path) === i),
    identitiesOnly: options.identitiesOnly ?? false,
    password: input.password,
    connectTimeoutMs: timeout * 1000,
    keepaliveMs: (options.serverAliveInterval ?? 15) * 1000,
    keepaliveCountMax: options.serverAliveCountMax ?? 3,
    knownHostsFiles: options.userKnownHostsFiles.map((p) => expandPath(p, tokens)),
    proxyJump: options.proxyJump,
  }
}

export function resolveEndpoint(target: ConnectionTarget, context: EndpointContext): Endpoint {
  const args = parseSshArgs(target.sshArgs)
  const configFile = args.configFile ?? context.configFile ?? join(home(context.env), '.ssh', 'config')
  const configPath = expandPath(configFile, { host: '', originalHost: '', port: 0, remoteUser: '', localUser: '', home: home(context.env) })
  const config = context.cache ? context.cache.sshConfig(configPath, home(context.env)) : loadSshConfig(configPath, home(context.env))
  const defaulted = new Set(target.defaulted ?? [])
  const main = buildHop({
    label: target.name,
    name: target.address,
    user: defaulted.has('user') ? undefined : target.user,
    port: defaulted.has('port') ? undefined : target.port,
    explicitKeys: target.privateKeyFile ? [target.privateKeyFile] : [],
    password: target.password,
    timeoutSeconds: target.timeoutSeconds,
    timeoutIsDefault: defaulted.has('timeout'),
    options: args.options,
  }, config, context.env)
  // A fallback user (remote_user unset) still beats ssh's own default of the local user name.
  if (defaulted.has('user') && !args.options.some(([k]) => k === 'user') && !resolveHostOptions(optionsFor(config, target.address)).user) main.user = target.user
  if (defaulted.has('port') && !args.options.some(([k]) => k === 'port') && !resolveHostOptions(optionsFor(config, target.address)).port) main.port = target.port

  const jumps: Hop[] = []
  const seen = new Set<string>()
  // Each bastion's own ProxyJump (from the config) comes before it, as ssh builds the chain.
  const expand = (spec: string | undefined): void => {
    if (!spec || spec.toLowerCase() === 'none') return
    for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (seen.has(part)) throw new OptionsError(`host ${target.name}: ProxyJump loops through ${part}`)
      seen.add(part)
      const jump = parseJumpSpec(part)
      const hop = buildHop({ label: part, name: jump.host, user: jump.user, port: jump.port, explicitKeys: [], timeoutSeconds: target.timeoutSeconds, timeoutIsDefault: true, options: [] }, config, context.env)
      expand(hop.proxyJump)
      delete hop.proxyJump
      jumps.push(hop)
    }
  }
  expand(main.proxyJump)
  delete main.proxyJump
  return { target: main, jumps }
}
