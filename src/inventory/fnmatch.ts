/**
 * Name matchers for host patterns: Python's fnmatch.translate (a glob over the whole name) and
 * Python `re.match` (a regex anchored at the start only) for `~` patterns.
 */
export function globToRegExp(pat: string): RegExp {
  let out = ''
  let i = 0
  const n = pat.length
  while (i < n) {
    const c = pat[i++]
    if (c === '*') {
      while (pat[i] === '*') i++
      out += '[\\s\\S]*'
    } else if (c === '?') {
      out += '[\\s\\S]'
    } else if (c === '[') {
      let j = i
      if (j < n && pat[j] === '!') j++
      if (j < n && pat[j] === ']') j++
      while (j < n && pat[j] !== ']') j++
      if (j >= n) {
        out += '\\['
      } else {
        let stuff = pat.slice(i, j)
        i = j + 1
        const negate = stuff[0] === '!'
        if (negate) stuff = stuff.slice(1)
        // every character in the set is literal except a `-` between two characters
        let body = ''
        for (let k = 0; k < stuff.length; k++) {
          const ch = stuff[k]
          if (ch === '-' && k > 0 && k < stuff.length - 1) body += '-'
          else body += escapeClassChar(ch)
        }
        if (!body) out += negate ? '[\\s\\S]' : '(?!)'
        else out += (negate ? '[^' : '[') + body + ']'
      }
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    }
  }
  return new RegExp(`^(?:${out})$`, 'u')
}

function escapeClassChar(ch: string): string {
  return /[\\\]^[-]/.test(ch) ? '\\' + ch : ch
}

/** A Python regex used with re.match: anchored at the start, free at the end. */
export function pythonRegExp(src: string): RegExp {
  let flags = ''
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src)
  if (inline) {
    src = src.slice(inline[0].length)
    if (inline[1].includes('i')) flags += 'i'
    if (inline[1].includes('m')) flags += 'm'
    if (inline[1].includes('s')) flags += 's'
  }
  const js = src
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/\\Z/g, '$')
    .replace(/\\A/g, '^')
  return new RegExp(`^(?:${js})`, flags)
}
