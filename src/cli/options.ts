/**
 * The flags ansible and ansible-playbook share, with Ansible's names and short forms, and their
 * translation into settings (flags are the highest layer of settings.ts).
 */
import { Command, InvalidArgumentError, Option } from 'commander'
import { resolve } from 'node:path'
import type { Settings } from '../config/settings.js'

export interface RunOptions {
  inventory?: string[]
  limit?: string
  extraVars: string[]
  forks?: number
  user?: string
  check?: boolean
  diff?: boolean
  become?: boolean
  becomeMethod?: string
  becomeUser?: string
  askBecomePass?: boolean
  askPass?: boolean
  verbose: number
  privateKey?: string
  timeout?: number
  listHosts?: boolean
  connection?: string
  sshCommonArgs?: string
  sshExtraArgs?: string
  sshConfig?: string
  connectionPasswordFile?: string
  becomePasswordFile?: string
  vaultId?: string[]
  vaultPasswordFile?: string[]
  askVaultPass?: boolean
  output?: string
  junit?: string
  summary?: string
}

const collect = (value: string, previous: string[] = []) => [...previous, value]
const increase = (_: unknown, previous: number) => previous + 1

function positiveInt(what: string) {
  return (value: string) => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`The number of ${what} must be >= 1`)
    return n
  }
}

export function addRunOptions(command: Command): Command {
  return command
    .option('-i, --inventory <path>', 'inventory host path or comma separated host list (repeatable)', collect)
    .option('-l, --limit <pattern>', 'further limit selected hosts to an additional pattern')
    .option('-e, --extra-vars <vars>', 'set additional variables as key=value or YAML/JSON; @file to read a file (repeatable)', collect, [])
    .option('-f, --forks <n>', 'number of hosts to work on in parallel (default 5)', positiveInt('processes (--forks)'))
    .option('-u, --user <user>', 'connect as this user')
    .option('-C, --check', "don't make any changes; predict what would change")
    .option('-D, --diff', 'show the differences in files and templates that change')
    .option('-b, --become', 'run operations with become')
    .option('--become-method <method>', 'privilege escalation method (default sudo)')
    .option('--become-user <user>', 'run operations as this user (default root)')
    .option('-K, --ask-become-pass', 'ask for the privilege escalation password')
    .option('-k, --ask-pass', 'ask for the connection password')
    .option('--private-key, --key-file <file>', 'use this file to authenticate the connection')
    .option('-T, --timeout <seconds>', 'connection timeout in seconds (default 10)', positiveInt('seconds (--timeout)'))
    .option('-c, --connection <type>', 'connection type to use (ssh or local)')
    .option('--ssh-common-args <args>', 'ssh options for every host, e.g. "-o ProxyJump=bastion" or "-J bastion"')
    .option('--ssh-extra-args <args>', 'more ssh options (-o Key=Value, -J, -i, -p, -l are understood)')
    .option('--ssh-config <file>', 'ssh client config file to read instead of ~/.ssh/config (like ssh -F)')
    .option('--connection-password-file, --conn-pass-file <file>', 'read the connection password from this file')
    .option('--become-password-file, --become-pass-file <file>', 'read the become password from this file')
    .option('--list-hosts', 'list the matching hosts; run nothing')
    .option('--vault-id <id>', 'the vault identity to use, [label@]source (repeatable)', collect)
    .option('--vault-password-file <file>', 'vault password file, or an executable printing it (repeatable)', collect)
    .option('-J, --ask-vault-pass', 'ask for the vault password (also --ask-vault-password)')
    .option('--output <format>', 'what stdout carries: text (as ansible-playbook) or json (one event per line; also DROVER_OUTPUT)')
    .option('--junit <file>', 'also write a JUnit XML report (one testcase per host and task) to this file')
    .option('--summary <file>', 'also write a JSON summary of the run (counts, changes, failures, duration) to this file')
    .addOption(new Option('-v, --verbose', 'more output (-vvv for connection detail)').argParser(increase).default(0))
}

export function settingsFlags(options: RunOptions, cwd: string): Partial<Settings> {
  const flags: Partial<Settings> = {}
  if (options.inventory?.length) {
    // A value with a comma is a host list, not a path.
    flags.inventory = options.inventory.map((i) => (i.includes(',') ? i : resolve(cwd, i)))
  }
  if (options.forks !== undefined) flags.forks = options.forks
  if (options.user !== undefined) flags.remoteUser = options.user
  if (options.privateKey !== undefined) flags.privateKeyFile = resolve(cwd, options.privateKey)
  if (options.timeout !== undefined) flags.timeout = options.timeout
  if (options.connection !== undefined) flags.transport = options.connection
  if (options.become) flags.become = true
  if (options.becomeMethod !== undefined) flags.becomeMethod = options.becomeMethod
  if (options.becomeUser !== undefined) flags.becomeUser = options.becomeUser
  if (options.verbose) flags.verbosity = options.verbose
  if (options.sshCommonArgs !== undefined) flags.sshCommonArgs = options.sshCommonArgs
  if (options.sshExtraArgs !== undefined) flags.sshExtraArgs = options.sshExtraArgs
  if (options.sshConfig !== undefined) flags.sshConfigFile = resolve(cwd, options.sshConfig)
  if (options.connectionPasswordFile !== undefined) flags.connectionPasswordFile = resolve(cwd, options.connectionPasswordFile)
  if (options.becomePasswordFile !== undefined) flags.becomePasswordFile = resolve(cwd, options.becomePasswordFile)
  return flags
}
