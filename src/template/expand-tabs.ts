/** Python's str.expandtabs(size): a tab advances to the next multiple of `size` columns; a size below 1 drops tabs. */
export function expandTabs(text: string, size = 8): string {
  let column = 0
  let out = ''
  for (const ch of text) {
    if (ch === '\t') {
      const spaces = size > 0 ? size - (column % size) : 0
      out += ' '.repeat(spaces)
      column += spaces
    } else {
      out += ch
      column = ch === '\n' || ch === '\r' ? 0 : column + 1
    }
  }
  return out
}
