/** Python's fnmatch.fnmatch on POSIX (case-sensitive, whole-name match), as the find module uses it. */

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** fnmatch.translate: `*`, `?`, `[seq]`, `[!seq]`; an unclosed `[` is a literal. */
export function fnmatchRegExp(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '*') out += '[\\s\\S]*'
    else if (c === '?') out += '[\\s\\S]'
    else if (c === '[') {
      let j = i + 1
      if (pattern[j] === '!') j++
      if (pattern[j] === ']') j++
      while (j < pattern.length && pattern[j] !== ']') j++
      if (j >= pattern.length) {
        out += '\\['
        continue
      }
      let body = pattern.slice(i + 1, j).replace(/\\/g, '\\\\')
      if (body.startsWith('!')) body = `^${body.slice(1)}`
      else if (body.startsWith('^')) body = `\\${body}`
      out += `[${body.replace(/\[/g, '\\[')}]`
      i = j
    } else out += escapeRegExp(c)
  }
  return new RegExp(`^(?:${out})$`, 'u')
}

export function fnmatch(name: string, pattern: string): boolean {
  return fnmatchRegExp(pattern).test(name)
}
