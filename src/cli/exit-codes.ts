/** ansible-playbook's exit codes (reference §1.6). The CLI is the only place that decides them. */
import { DroverError } from '../errors.js'

export const EXIT = {
  ok: 0,
  error: 1,
  hostFailed: 2,
  usage: 2,
  unreachableOrParse: 4,
  badOptions: 5,
  interrupted: 99,
  unexpected: 250,
} as const

const BY_CODE: Record<string, number> = {
  E_OPTIONS: EXIT.badOptions,
  E_FILE_NOT_FOUND: EXIT.error,
  E_PARSE: EXIT.unreachableOrParse,
  E_UNKNOWN_MODULE: EXIT.unreachableOrParse,
  E_MODULE_ARGS: EXIT.unreachableOrParse,
  E_TEMPLATE: EXIT.unreachableOrParse,
  E_INVENTORY: EXIT.error,
  E_VAULT: EXIT.error,
  E_NO_TERMINAL: EXIT.error,
  E_INTERRUPTED: EXIT.interrupted,
}

export function exitCodeForError(error: unknown): number {
  if (error instanceof DroverError) return BY_CODE[error.code] ?? EXIT.error
  return EXIT.unexpected
}

/** Unreachable is checked before failed, so unreachable plus failed gives 4. */
export function exitCodeForRun(outcome: { anyUnreachable(): boolean; anyFailed(): boolean }): number {
  if (outcome.anyUnreachable()) return EXIT.unreachableOrParse
  if (outcome.anyFailed()) return EXIT.hostFailed
  return EXIT.ok
}
