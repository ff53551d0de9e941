/**
 * Ansible's `split_args` and `parse_kv`: how `module: a=1 b='x y'` free-form text and ad hoc `-a`
 * strings become arguments. Quotes and Jinja2 blocks keep their contents together.
 */
import { ModuleArgsError } from '../errors.js'

/** Parameters that command/shell accept inline; everything else in their text is the command. */
export const RAW_PARAM_OPTIONS = new Set(['creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends'])

const JINJA_OPEN: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' }

export function splitArgs(text: string): string[] {
  const tokens: string[] = []
  let current = ''
  let quote: string | undefined
  const jinja: string[] = []
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    const pair = text.slice(i, i + 2)
    if (!quote && JINJA_OPEN[pair]) {
      jinja.push(JINJA_OPEN[pair]!)
      current += pair
      i++
      continue
    }
    if (jinja.length && pair === jinja[jinja.length - 1]) {
      jinja.pop()
      current += pair
      i++
      continue
    }
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[++i]
      continue
    }
    if (!jinja.length && (ch === '"' || ch === "'")) {
      if (!quote) quote = ch
      else if (quote === ch) quote = undefined
    }
    if (/\s/.test(ch) && !quote && !jinja.length) {
      if (current) tokens.push(current)
      current = ''
      continue
    }
    current += ch
  }
  if (quote || jinja.length) {
    throw new ModuleArgsError(`failed at splitting arguments, either an unbalanced jinja2 block or quotes: ${text}`)
  }
  if (current) tokens.push(current)
  return tokens
}

export function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) return value.slice(1, -1)
  return value
}

/**
 * `k=v` pairs into an object. With `rawParams`, tokens that are not one of the command module's
 * inline options are joined back into `_raw_params` (the command text), as Ansible does.
 */
export function parseKeyValue(text: string, rawParams = false): Record<string, string> {
  const options: Record<string, string> = {}
  const raw: string[] = []
  for (const token of splitArgs(text)) {
    const eq = findUnescapedEquals(token)
    if (eq <= 0) {
      raw.push(eq === -2 ? token.replace(/\\=/g, '=') : token)
      continue
    }
    const key = token.slice(0, eq)
    if (rawParams && !RAW_PARAM_OPTIONS.has(key)) raw.push(token)
    else options[key.trim()] = unquote(token.slice(eq + 1).trim())
  }
  if (raw.length) options._raw_params = raw.join(' ')
  return options
}

/** Index of the first `=` not preceded by a backslash; -1 if none, -2 if only escaped ones. */
function findUnescapedEquals(token: string): number {
  if (!token.includes('=')) return -1
  for (let i = 1; i < token.length; i++) if (token[i] === '=' && token[i - 1] !== '\\') return i
  return token.startsWith('=') ? 0 : -2
}
