/**
 * Python's `shlex.split(s, comments=True)` (POSIX mode), which the INI inventory uses for host
 * lines: quotes group words, a backslash escapes outside single quotes, and `#` starts a
 * comment wherever a token could continue.
 */
export function shlexSplit(s: string, comments = true): string[] {
  const WS = ' \t\r\n'
  const out: string[] = []
  let i = 0
  while (i <= s.length) {
    let token = ''
    let quoted = false
    let state: string = ' '
    let escapedState = 'a'
    let done = false
    for (; !done; i++) {
      const c = i < s.length ? s[i] : ''
      if (state === ' ') {
        if (!c) { done = true; break }
        if (WS.includes(c)) continue
        if (comments && c === '#') { i = skipLine(s, i); continue }
        if (c === '\\') { escapedState = 'a'; state = c; continue }
        if (c === "'" || c === '"') { state = c; continue }
        token = c
        state = 'a'
      } else if (state === "'" || state === '"') {
        quoted = true
        if (!c) throw new SyntaxError('No closing quotation')
        if (c === state) { state = 'a'; continue }
        if (c === '\\' && state === '"') { escapedState = state; state = c; continue }
        token += c
      } else if (state === '\\') {
        if (!c) throw new SyntaxError('No escaped character')
        // Inside double quotes a backslash only escapes `"` and `\`; otherwise it stays.
        if (escapedState === '"' && c !== '"' && c !== '\\') token += '\\'
        token += c
        state = escapedState
      } else {
        if (!c) { done = true; break }
        if (WS.includes(c)) { state = ' '; if (token || quoted) { i++; break } continue }
        if (comments && c === '#') {
          i = skipLine(s, i)
          state = ' '
          if (token || quoted) { i++; break }
          continue
        }
        if (c === "'" || c === '"') { state = c; continue }
        if (c === '\\') { escapedState = 'a'; state = c; continue }
        token += c
      }
    }
    if (token || quoted) out.push(token)
    if (done) break
  }
  return out
}

/** Index of the newline ending the comment at `i` (or the end of the string). */
function skipLine(s: string, i: number): number {
  const nl = s.indexOf('\n', i)
  return nl < 0 ? s.length : nl
}
