/**
 * The subset of Python's configparser that ansible.cfg files use: `[section]`, `key = value` or
 * `key: value`, full-line `#`/`;` comments, and indented continuation lines.
 */
import { ParseError } from '../errors.js'

export type IniSections = Map<string, Map<string, string>>

export function parseIni(text: string, file: string): IniSections {
  const sections: IniSections = new Map()
  let current: Map<string, string> | undefined
  let lastKey: string | undefined
  const lines = text.split(/\r?\n/)
  lines.forEach((raw, index) => {
    const line = index + 1
    if (/^\s*([#;].*)?$/.test(raw)) return
    if (/^\s/.test(raw) && current && lastKey !== undefined) {
      current.set(lastKey, `${current.get(lastKey)}\n${raw.trim()}`)
      return
    }
    const header = /^\[([^\]]+)\]\s*$/.exec(raw)
    if (header) {
      const name = header[1]!.trim()
      current = sections.get(name) ?? new Map()
      sections.set(name, current)
      lastKey = undefined
      return
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw)
    if (!pair) throw new ParseError(`expected 'key = value' or '[section]', found '${raw.trim()}'`, { file, line, col: 1 })
    if (!current) throw new ParseError('a setting comes before any [section] header', { file, line, col: 1 })
    lastKey = pair[1]!.trim().toLowerCase()
    current.set(lastKey, pair[2]!.trim())
  })
  return sections
}
