/**
 * The become settings of one task on one host, with Ansible's precedence: ansible_become_* host
 * variables, then the task/play keywords, then settings (ansible.cfg, env, flags).
 */
import { OptionsError } from '../errors.js'
import type { Settings } from '../config/settings.js'
import type { RunSecrets } from './run-secrets.js'
import type { BecomeOptions } from './types.js'

/** Keywords from the task (or block/play): undefined where not set. */
export interface BecomeKeywords {
  become?: boolean
  becomeUser?: string
  becomeMethod?: string
  becomeFlags?: string
  becomeExe?: string
}

function first(vars: Record<string, unknown>, names: string[]): unknown {
  for (const name of names) if (vars[name] !== undefined && vars[name] !== null) return vars[name]
  return undefined
}

const TRUE = new Set(['true', 'yes', 'on', '1', 'y', 't'])

/** undefined when the task does not become; otherwise what to pass as `exec(cmd, {become})`. */
export function resolveBecome(vars: Record<string, unknown>, keywords: BecomeKeywords, settings: Settings, secrets: RunSecrets = {}): BecomeOptions | undefined {
  const flag = first(vars, ['ansible_become']) ?? keywords.become ?? settings.become
  if (!(flag === true || TRUE.has(String(flag).toLowerCase()))) return undefined
  const method = String(first(vars, ['ansible_become_method']) ?? keywords.becomeMethod ?? settings.becomeMethod).replace(/^ansible\.builtin\./, '')
  if (method !== 'sudo' && method !== 'su' && method !== 'enable') throw new OptionsError(`the become method '${method}' is not supported (sudo, su and, on network_cli hosts, enable are)`)
  const flags = first(vars, ['ansible_become_flags']) ?? keywords.becomeFlags ?? settings.becomeFlags
  const exe = first(vars, ['ansible_become_exe']) ?? keywords.becomeExe ?? settings.becomeExe
  const password = first(vars, ['ansible_become_password', 'ansible_become_pass', `ansible_${method}_pass`]) ?? secrets.becomePassword
  return {
    method,
    user: String(first(vars, ['ansible_become_user']) ?? keywords.becomeUser ?? settings.becomeUser),
    flags: flags === undefined ? undefined : String(flags),
    exe: exe === undefined ? undefined : String(exe),
    password: password === undefined ? undefined : String(password),
  }
}
