/** Secrets for connecting (passwords, key passphrases): read from a file or asked once per run. */
import { readFileSync } from 'node:fs'
import { OptionsError } from '../errors.js'

/** The first line of a password file, as Ansible reads `--connection-password-file`. */
export function readSecretFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/)[0] ?? ''
  } catch (error) {
    throw new OptionsError(`cannot read the ${what} file ${path}: ${(error as Error).message}`)
  }
}

/** Calls `ask` at most once, however many hosts need the answer at the same time. */
export function once<T>(ask: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | undefined
  return () => (answer ??= ask())
}
