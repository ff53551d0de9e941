/**
 * Python's `textwrap.wrap`, which Ansible's Display runs over every `[WARNING]:`, deprecation and
 * `[ERROR]:` line: readers (and tools diffing our output against ansible-playbook's) see the same
 * line breaks. Defaults as Python's: whitespace collapses to spaces, words split after hyphens,
 * words longer than the width are cut.
 */
import { expandTabs } from '../template/expand-tabs.js'

export interface WrapOptions {
  width: number
  /** Drop whitespace at the start and end of each line (Python's drop_whitespace, default true). */
  dropWhitespace?: boolean
}

// Python's TextWrapper.wordsep_re, with \w made Unicode-aware as Python's str patterns are.
const W = '[\\p{L}\\p{N}_\\p{Mn}\\p{Mc}\\p{Pc}]'
const WORD_PUNCT = `(?:${W}|[!"'&.,?])`
const LETTER = '[\\p{L}_\\p{Mn}\\p{Mc}\\p{Pc}]'
const WS = '[\\t\\n\\x0b\\x0c\\r ]'
const NON_WS = '[^\\t\\n\\x0b\\x0c\\r ]'
const WORD_SEPARATOR = new RegExp(
  `(${WS}+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=${W})` +
    `|${NON_WS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=${WS}|$)|(?<=${WORD_PUNCT})(?=-{2,}${W})))`,
  'u',
)

/** Python's TextWrapper._split: words, hyphenated parts and runs of whitespace, in order. */
function chunks(text: string): string[] {
  return text.split(WORD_SEPARATOR).filter((part) => part !== '')
}

export function wrapText(text: string, options: WrapOptions): string[] {
  const width = options.width
  const drop = options.dropWhitespace ?? true
  // expand_tabs then replace_whitespace: every whitespace character becomes one space.
  const normalised = expandTabs(text).replace(/[\n\x0b\x0c\r]/g, ' ')
  const pending = chunks(normalised).reverse()
  const lines: string[] = []
  while (pending.length) {
    const line: string[] = []
    let length = 0
    if (drop && lines.length && pending.at(-1)!.trim() === '') pending.pop()
    while (pending.length) {
      const size = pending.at(-1)!.length
      if (length + size > width) break
      line.push(pending.pop()!)
      length += size
    }
    if (pending.length && pending.at(-1)!.length > width) {
      const spaceLeft = width < 1 ? 1 : width - length
      const chunk = pending.at(-1)!
      let end = spaceLeft
      if (chunk.length > spaceLeft) {
        const hyphen = chunk.lastIndexOf('-', spaceLeft - 1)
        if (hyphen > 0 && /[^-]/.test(chunk.slice(0, hyphen))) end = hyphen + 1
      }
      line.push(chunk.slice(0, end))
      length += end
      pending[pending.length - 1] = chunk.slice(end)
    }
    if (drop && line.length && line.at(-1)!.trim() === '') {
      length -= line.at(-1)!.length
      line.pop()
    }
    if (line.length) lines.push(line.join(''))
  }
  return lines
}

