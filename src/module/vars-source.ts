/** Reading variable files on the controller for include_vars: YAML or JSON, vault-decrypted when the run can. */
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { ModuleArgsError } from '../errors.js'

export function readVarsFile(path: string, decrypt: ((text: string, file: string) => string) | undefined): Record<string, unknown> {
  let text = readFileSync(path, 'utf8')
  if (text.startsWith('$ANSIBLE_VAULT;')) {
    if (!decrypt) throw new ModuleArgsError(`${path} is vault-encrypted and no vault secret is available to this task`)
    text = decrypt(text, path)
  }
  let data: unknown
  try {
    data = parseYaml(text) ?? {}
  } catch (error) {
    throw new ModuleArgsError(`Syntax error in ${path}: ${(error as Error).message.split('\n')[0]}`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ModuleArgsError(`${path} must be stored as a dictionary/hash`)
  return data as Record<string, unknown>
}
