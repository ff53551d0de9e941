/** `-e`: `k=v` pairs (always strings), inline YAML/JSON, or `@file`; later ones win. */
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { FileNotFoundError, OptionsError } from '../errors.js'
import { parseKeyValue } from '../module/kv.js'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function parseExtraVars(values: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const raw of values) {
    let data: unknown
    if (raw.startsWith('@')) {
      const file = raw.slice(1)
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch {
        throw new FileNotFoundError(`the file_name '${file}' does not exist, or is not readable`)
      }
      data = parseYaml(text)
    } else if (raw.trim().startsWith('{') || raw.trim().startsWith('[')) {
      try {
        data = parseYaml(raw)
      } catch (error) {
        throw new OptionsError(`Invalid extra vars data supplied. '${raw}' is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`)
      }
    } else {
      data = parseKeyValue(raw)
      if ('_raw_params' in (data as Record<string, unknown>)) {
        throw new OptionsError(`Invalid extra vars data supplied. '${raw}' could not be made into a dictionary`)
      }
    }
    if (data === null || data === undefined) continue
    if (!isRecord(data)) throw new OptionsError(`Invalid extra vars data supplied. '${raw}' could not be made into a dictionary`)
    Object.assign(result, data)
  }
  return result
}
