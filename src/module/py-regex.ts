/**
 * Python `re` as the file modules use it (compile, search, match.expand, sub with a count), on top
 * of the template engine's translator (src/template/pyregex.ts), with errors as plain messages.
 */
import { expandReplacement, translatePattern, type PyRegexFlags } from '../template/pyregex.js'

export function pyRegex(pattern: string, flags: PyRegexFlags = {}): RegExp {
  return translatePattern(pattern, flags)
}

/** re.search: the first match anywhere, or null. */
export function pySearch(re: RegExp, text: string): RegExpExecArray | null {
  const r = new RegExp(re.source, re.flags.replace('g', ''))
  return r.exec(text)
}

/** match.expand(template): \1, \g<1>, \g<name> and escapes, as Python does. */
export function pyExpand(template: string, match: RegExpExecArray): string {
  return expandReplacement(template, match, match.groups)
}

/** re.sub over the whole text; returns the new text and the number of replacements (re.subn). */
export function pySubn(re: RegExp, replacement: string, text: string): [string, number] {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g')
  let count = 0
  const out = text.replace(g, (...args: unknown[]) => {
    count++
    const hasGroups = typeof args[args.length - 1] === 'object' && args[args.length - 1] !== null
    const groups = hasGroups ? (args[args.length - 1] as Record<string, string | undefined>) : undefined
    const end = hasGroups ? args.length - 3 : args.length - 2
    return expandReplacement(replacement, args.slice(0, end) as string[], groups)
  })
  return [out, count]
}
