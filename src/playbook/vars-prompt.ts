/** `vars_prompt:` entries; the executor asks them (and refuses to without a terminal). */
import { ParseError, type SourcePosition } from '../errors.js'
import { asBoolean, isRecord } from './keyword-values.js'
import { closestKeyword } from './keywords.js'
import type { VarsPrompt } from './types.js'

const PROMPT_KEYS = new Set(['name', 'prompt', 'default', 'private', 'confirm', 'encrypt', 'salt_size', 'salt', 'unsafe'])

export function parseVarsPrompt(raw: unknown, where: SourcePosition, itemWhere: SourcePosition[] = []): VarsPrompt[] {
  if (raw === undefined || raw === null) return []
  // Ansible also takes the old mapping form, {name: prompt}.
  if (isRecord(raw)) return Object.entries(raw).map(([name, prompt]) => ({ name, prompt: String(prompt ?? name), private: true, confirm: false, unsafe: false }))
  if (!Array.isArray(raw)) throw new ParseError(`'vars_prompt' must be a list of prompts, found ${JSON.stringify(raw)}`, where)
  return raw.map((entry, i) => {
    const at = itemWhere[i] ?? where
    if (!isRecord(entry)) throw new ParseError(`Invalid vars_prompt data structure, found unsupported type ${JSON.stringify(entry)}`, at)
    if (entry.name === undefined || entry.name === null || entry.name === '') throw new ParseError("Invalid vars_prompt data structure, missing 'name' key", at)
    for (const key of Object.keys(entry)) {
      if (!PROMPT_KEYS.has(key)) {
        const hint = closestKeyword(key, PROMPT_KEYS)
        throw new ParseError(`'${key}' is not a valid vars_prompt option${hint ? ` (did you mean '${hint}'?)` : ''}`, at)
      }
    }
    const name = String(entry.name)
    const prompt: VarsPrompt = {
      name,
      prompt: entry.prompt === undefined || entry.prompt === null ? name : String(entry.prompt),
      private: entry.private === undefined ? true : asBoolean(entry.private, 'private', at),
      confirm: entry.confirm === undefined ? false : asBoolean(entry.confirm, 'confirm', at),
      unsafe: entry.unsafe === undefined ? false : asBoolean(entry.unsafe, 'unsafe', at),
    }
    if (entry.default !== undefined) prompt.default = entry.default
    if (entry.encrypt !== undefined) prompt.encrypt = String(entry.encrypt)
    return prompt
  })
}
