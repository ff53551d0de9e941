/** Turns a host's variables and the run's settings into the address, user and key to connect with. */
import { OptionsError } from '../errors.js'
import { SETTING_DEFINITIONS } from '../config/definitions.js'
import type { Settings } from '../config/settings.js'
import { localUser } from './local-user.js'
import type { ConnectionTarget } from './types.js'

const SSH_ALIASES = new Set(['ssh', 'smart', 'paramiko', 'paramiko_ssh', 'ansible.builtin.ssh', 'ansible.builtin.paramiko_ssh'])
const LOCAL_ALIASES = new Set(['local', 'ansible.builtin.local'])
const NETWORK_CLI_ALIASES = new Set(['network_cli', 'ansible.netcommon.network_cli'])
/** ansible_command_timeout's default, as in ansible.netcommon's network_cli. */
const COMMAND_TIMEOUT_SECONDS = 30

function first(vars: Record<string, unknown>, names: string[]): unknown {
  for (const name of names) if (vars[name] !== undefined && vars[name] !== null) return vars[name]
  return undefined
}

export function resolveTarget(name: string, vars: Record<string, unknown>, settings: Settings): ConnectionTarget {
  const connection = String(first(vars, ['ansible_connection']) ?? (isImplicitLocalhost(name) ? 'local' : settings.transport ?? 'ssh'))
  let transport: ConnectionTarget['transport']
  if (LOCAL_ALIASES.has(connection)) transport = 'local'
  else if (SSH_ALIASES.has(connection)) transport = 'ssh'
  else if (NETWORK_CLI_ALIASES.has(connection)) transport = 'network_cli'
  else throw new OptionsError(`the connection plugin '${connection}' was not found (host ${name})`)
  const port = Number(first(vars, ['ansible_port', 'ansible_ssh_port']) ?? 22)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new OptionsError(`host ${name}: ansible_port must be a port number, found '${String(vars.ansible_port)}'`)
  const timeoutVar = first(vars, ['ansible_ssh_timeout', 'ansible_timeout'])
  const timeout = Number(timeoutVar ?? settings.timeout)
  const password = first(vars, ['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password'])
  const key = first(vars, ['ansible_ssh_private_key_file', 'ansible_private_key_file']) ?? settings.privateKeyFile
  const userVar = first(vars, ['ansible_user', 'ansible_ssh_user'])
  const defaulted: NonNullable<ConnectionTarget['defaulted']> = []
  // Only these fallbacks may be overridden by ~/.ssh/config, as ssh does when Ansible passes no value.
  if (userVar === undefined && settings.remoteUser === undefined) defaulted.push('user')
  if (first(vars, ['ansible_port', 'ansible_ssh_port']) === undefined) defaulted.push('port')
  if (timeoutVar === undefined && settings.timeout === SETTING_DEFINITIONS.timeout.default) defaulted.push('timeout')
  const sshArgs = [
    first(vars, ['ansible_ssh_args']) ?? settings.sshArgs,
    first(vars, ['ansible_ssh_common_args']) ?? settings.sshCommonArgs,
    first(vars, ['ansible_ssh_extra_args']) ?? settings.sshExtraArgs,
  ].filter((a) => a !== undefined && a !== '').map(String)
  return {
    name,
    transport,
    address: String(first(vars, ['ansible_host', 'ansible_ssh_host']) ?? name),
    port,
    user: String(userVar ?? settings.remoteUser ?? localUser().username),
    privateKeyFile: key === undefined ? undefined : String(key),
    password: password === undefined ? undefined : String(password),
    timeoutSeconds: timeout,
    defaulted,
    sshArgs: sshArgs.length ? sshArgs.join(' ') : undefined,
    network: transport === 'network_cli' ? networkTarget(name, vars) : undefined,
  }
}

export function isImplicitLocalhost(name: string): boolean {
  return name === 'localhost' || name === '127.0.0.1' || name === '::1'
}

function networkTarget(name: string, vars: Record<string, unknown>): ConnectionTarget['network'] {
  const timeout = Number(first(vars, ['ansible_command_timeout']) ?? COMMAND_TIMEOUT_SECONDS)
  if (!Number.isFinite(timeout) || timeout <= 0) throw new OptionsError(`host ${name}: ansible_command_timeout must be a number of seconds, found '${String(vars.ansible_command_timeout)}'`)
  return { os: String(first(vars, ['ansible_network_os']) ?? ''), commandTimeoutSeconds: timeout }
}
