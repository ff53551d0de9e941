/**
 * Reading the files a playbook pulls in (task files, role files, imported playbooks): positions are
 * kept for task lists, plain data for vars files, and a missing file is reported where it was named.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { FileNotFoundError, ParseError, type SourcePosition } from '../errors.js'
import { vaultYamlTags } from '../vault/yaml-tag.js'
import { parseLocatedYaml, type LocatedMap } from './load.js'

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

export function notFound(path: string, where: SourcePosition): FileNotFoundError {
  return new FileNotFoundError(`Could not find or access '${path}' on the Ansible Controller.`, where)
}

/** A file of tasks (or plays): a YAML list of mappings, each with its position. */
export function readTaskList(path: string, where: SourcePosition, what = 'tasks'): LocatedMap[] {
  if (!isFile(path)) throw notFound(path, where)
  const parsed = parseLocatedYaml(readFileSync(path, 'utf8'), path)
  if (!Array.isArray(parsed)) {
    if (parsed === null || parsed === undefined) return []
    throw new ParseError(`included ${what} files must contain a list of ${what}`, { file: path, line: 1, col: 1 })
  }
  parsed.forEach((entry, index) => {
    if (!entry || typeof entry !== 'object' || !('keyWhere' in entry)) {
      throw new ParseError(`entry #${index + 1} of ${path} must be a mapping (a ${what === 'plays' ? 'play' : 'task'})`, { file: path, line: 1, col: 1 })
    }
  })
  return parsed as LocatedMap[]
}

/** A vars file (role defaults/vars): a mapping, possibly vault-encrypted as a whole. */
export function readVarsFile(path: string, decrypt?: (text: string, file: string) => string): Record<string, unknown> {
  let text = readFileSync(path, 'utf8')
  if (text.startsWith('$ANSIBLE_VAULT;')) {
    if (!decrypt) throw new ParseError(`Attempting to decrypt but no vault secrets found`, { file: path })
    text = decrypt(text, path)
  }
  let data: unknown
  try {
    data = parseYaml(text, { customTags: vaultYamlTags(path), uniqueKeys: false, prettyErrors: false })
  } catch (error) {
    throw new ParseError(`YAML syntax error: ${(error as Error).message.split('\n')[0]}`, { file: path })
  }
  if (data === null || data === undefined) return {}
  if (typeof data !== 'object' || Array.isArray(data)) throw new ParseError('vars files must contain a mapping of variables', { file: path, line: 1, col: 1 })
  return data as Record<string, unknown>
}

/** `name`, `name.yml`, `name.yaml`: the first that exists, as Ansible's role file lookup does. */
export function firstYamlFile(base: string): string | undefined {
  for (const candidate of [`${base}.yml`, `${base}.yaml`, base, `${base}.json`]) if (isFile(candidate)) return candidate
  return undefined
}

export function exists(path: string): boolean {
  return existsSync(path)
}
