/**
 * Resolves drover's settings with Ansible's precedence: defaults < the one ansible.cfg found
 * (no merging, as Ansible) < environment < command-line flags.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { OptionsError } from '../errors.js'
import { SETTING_DEFINITIONS, type SettingDefinition, type SettingName } from './definitions.js'
import { parseIni, type IniSections } from './ini.js'

export type HostKeyChecking = 'strict' | 'accept-new' | 'off'

export interface Settings {
  configFile?: string
  inventory: string[]
  forks: number
  remoteUser?: string
  privateKeyFile?: string
  hostKeyChecking: HostKeyChecking
  timeout: number
  become: boolean
  becomeMethod: string
  becomeUser: string
  verbosity: number
  forceColor: boolean
  noColor: boolean
  /** set_stats data printed after the recap (`CUSTOM STATS:`). */
  showCustomStats: boolean
  rolesPath: string[]
  vaultPasswordFile?: string
  /** The connection type when a host sets no ansible_connection (`-c`). */
  transport: string
  sshRetries: number
  knownHostsFile: string
  /** ssh_args / ANSIBLE_SSH_ARGS (overridden per host by ansible_ssh_args). */
  sshArgs?: string
  sshCommonArgs?: string
  sshExtraArgs?: string
  /** `-F`: the ssh client config file instead of ~/.ssh/config. */
  sshConfigFile?: string
  /** A file whose first line is the passphrase of encrypted private keys (instead of a prompt). */
  privateKeyPassphraseFile?: string
  connectionPasswordFile?: string
  becomePasswordFile?: string
  becomeFlags?: string
  becomeExe?: string
}

export interface SettingsSources {
  env: NodeJS.ProcessEnv
  cwd: string
  /** Values from flags, already in their setting's type; undefined means "not given". */
  flags?: Partial<Settings>
}

const TRUE_WORDS = new Set(['y', 'yes', 'on', '1', 'true', 't'])
const FALSE_WORDS = new Set(['n', 'no', 'off', '0', 'false', 'f', ''])

export function parseBoolean(value: string, what: string): boolean {
  const word = value.trim().toLowerCase()
  if (TRUE_WORDS.has(word)) return true
  if (FALSE_WORDS.has(word)) return false
  throw new OptionsError(`${what}: expected a boolean (yes/no, true/false, on/off, 1/0), found '${value}'`)
}

function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  return path.startsWith('~/') || path === '~' ? join(env.HOME ?? homedir(), path.slice(1)) : path
}

/** The first of ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg that exists. */
export function findConfigFile(env: NodeJS.ProcessEnv, cwd: string, warn: (m: string) => void = () => {}): string | undefined {
  const fromEnv = env.DROVER_CONFIG ?? env.ANSIBLE_CONFIG
  if (fromEnv) {
    const path = resolve(cwd, expandHome(fromEnv, env))
    if (existsSync(path)) return statSync(path).isDirectory() ? join(path, 'ansible.cfg') : path
  }
  const local = join(cwd, 'ansible.cfg')
  if (existsSync(local)) {
    // Ansible ignores a config in a world-writable directory: anyone could have planted it.
    if ((statSync(cwd).mode & 0o002) === 0) return local
    warn(`Ansible is being run in a world writable directory (${cwd}), ignoring it as an ansible.cfg source.`)
  }
  for (const candidate of [join(env.HOME ?? homedir(), '.ansible.cfg'), '/etc/ansible/ansible.cfg']) {
    if (existsSync(candidate)) return candidate
  }
  return undefined
}

function convert(definition: SettingDefinition, raw: string, what: string, env: NodeJS.ProcessEnv, baseDir: string): unknown {
  switch (definition.type) {
    case 'string':
      return raw === '' ? undefined : expandHome(raw, env)
    case 'int': {
      if (!/^\s*-?\d+\s*$/.test(raw)) throw new OptionsError(`${what}: expected an integer, found '${raw}'`)
      return Number.parseInt(raw, 10)
    }
    case 'bool':
      return parseBoolean(raw, what)
    case 'pathlist':
      return raw
        .split(/[,:]/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => resolve(baseDir, expandHome(p, env)))
    case 'hostKeyChecking': {
      if (raw.trim().toLowerCase() === 'accept-new') return 'accept-new'
      return parseBoolean(raw, what) ? 'strict' : 'off'
    }
  }
}

function fromIni(definition: SettingDefinition, ini: IniSections | undefined): string | undefined {
  for (const [section, key] of definition.ini ?? []) {
    const value = ini?.get(section)?.get(key)
    if (value !== undefined) return value
  }
  return undefined
}

export function resolveSettings(sources: SettingsSources, warn?: (m: string) => void): Settings {
  const { env, cwd } = sources
  const configFile = findConfigFile(env, cwd, warn)
  const ini = configFile ? parseIni(readFileSync(configFile, 'utf8'), configFile) : undefined
  const configDir = configFile ? resolve(configFile, '..') : cwd
  const settings: Record<string, unknown> = { configFile }
  for (const [name, definition] of Object.entries(SETTING_DEFINITIONS) as [SettingName, SettingDefinition][]) {
    let value: unknown = definition.default
    if (definition.type === 'hostKeyChecking') value = 'strict'
    if (definition.type === 'pathlist' || name === 'knownHostsFile') {
      value = Array.isArray(value) ? value.map((p: string) => expandHome(p, env)) : expandHome(String(value), env)
    }
    const iniValue = fromIni(definition, ini)
    if (iniValue !== undefined) value = convert(definition, iniValue, `${configFile}: ${name}`, env, configDir)
    const envName = definition.env.find((n) => env[n] !== undefined && env[n] !== '')
    if (envName === 'NO_COLOR') value = true // no-color.org: present and non-empty means no colour
    else if (envName) value = convert(definition, env[envName]!, envName, env, cwd)
    const flag = sources.flags?.[name as keyof Settings]
    if (flag !== undefined) value = flag
    settings[name] = value
  }
  return settings as unknown as Settings
}
