/** How Ansible's callbacks turn a result into the JSON after `=>` (`_dump_results`). */
import type { ModuleResult } from '../module/types.js'
import { pyJsonDumps } from './pyjson.js'

export const NO_LOG_MESSAGE = "the output has been hidden due to the fact that 'no_log: true' was specified for this result"

/** The result as reporters may show it: internal keys gone, verbosity-gated keys dropped. */
export function visibleResult(result: ModuleResult, verbosity: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(result)) {
    if (key.startsWith('_ansible_') || key.startsWith('_drover_') || key === 'exception') continue
    if ((key === 'invocation' || key === 'diff') && verbosity < 3) continue
    out[key] = value
  }
  return out
}

export function dumpResult(result: ModuleResult, verbosity: number, indent?: number): string {
  const pretty = indent ?? (result._ansible_verbose_always || verbosity >= 3 ? 4 : undefined)
  return pyJsonDumps(visibleResult(result, verbosity), { indent: pretty, sortKeys: true })
}

/** What every reporter shows of a `no_log: true` result. */
export function censored(result: ModuleResult): ModuleResult {
  return { censored: NO_LOG_MESSAGE, changed: Boolean(result.changed) }
}

const DEBUG_ALLOWED = new Set(['msg', 'exception', 'warnings', 'deprecations'])
const HIDDEN_IN_DEBUG = ['changed', 'failed', 'skipped', 'invocation', 'skip_reason']

/** Ansible's `_clean_results`: debug shows only its message, or only the variable it was asked for. */
export function cleanForDisplay(result: ModuleResult, action: string): ModuleResult {
  if (action !== 'debug') return result
  const out: ModuleResult = { ...result }
  if ('msg' in out) {
    for (const key of Object.keys(out)) if (!DEBUG_ALLOWED.has(key) && !key.startsWith('_')) delete out[key]
  } else {
    for (const key of HIDDEN_IN_DEBUG) delete out[key]
  }
  return out
}

/** A result as machine-readable reporters carry it: internal keys gone, censored under no_log. */
export function machineResult(result: ModuleResult, noLog: boolean | undefined): Record<string, unknown> {
  if (noLog) return censored(result)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(result)) if (!key.startsWith('_ansible_')) out[key] = value
  return out
}

/** The one-line reason of a failure, for JUnit messages and CI annotations. */
export function failureMessage(result: ModuleResult, noLog: boolean | undefined): string {
  if (noLog) return NO_LOG_MESSAGE
  const msg = result.msg
  if (typeof msg === 'string' && msg !== '') return msg
  if (typeof result.stderr === 'string' && result.stderr.trim() !== '') return result.stderr.trim()
  return msg === undefined ? 'failed' : String(msg)
}
