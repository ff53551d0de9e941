/**
 * The INI inventory's value rule: Python `ast.literal_eval(v)`, keeping `v` unchanged when it is
 * not a literal (ini.py _parse_value). Numbers, strings (all quote forms, escapes, adjacent
 * concatenation), True/False/None, lists, tuples, dicts and sets are understood; anything Python
 * would refuse (names, calls, `0755`, `1.2.3`, f-strings) leaves the text as it was.
 * Deliberate gaps: complex numbers and `\N{...}` escapes also leave the text unchanged, and a
 * Python float that is integral (`1.0`) becomes the JS number 1.
 */
export function parseIniValue(v: string): unknown {
  // most values are bare words, which Python reads as names: not literals
  if (BARE_WORD.test(v) && v !== 'True' && v !== 'False' && v !== 'None') return v
  try {
    const p = new LiteralParser(v.replace(/^[ \t]+/, ''))
    return p.parseAll()
  } catch (e) {
    if (e instanceof NotLiteral) return v
    throw e
  }
}

const BARE_WORD = /^[A-Za-z_][A-Za-z0-9_]*$/

class NotLiteral extends Error {}
/** Thrown often on ordinary values: one instance, so no stack is captured each time. */
const NOT_LITERAL = new NotLiteral()

/**
 * Marks an array that was a Python tuple, so `--graph --vars` can print `(1, 2)` as ansible
 * does; everywhere else it is an ordinary array (JSON has no tuples either).
 */
export const PY_TUPLE: unique symbol = Symbol('drover.pyTuple')

function tuple(items: unknown[]): unknown[] {
  Object.defineProperty(items, PY_TUPLE, { value: true, enumerable: false })
  return items
}

const fail = (): never => {
  throw NOT_LITERAL
}

type Tok =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string; bytes: boolean }
  | { t: 'name'; v: string }
  | { t: 'op'; v: string }
  | { t: 'end' }

class LiteralParser {
  private toks: Tok[]
  private i = 0

  constructor(src: string) {
    this.toks = tokenize(src)
  }

  parseAll(): unknown {
    const v = this.parseTupleOrExpr(true)
    if (this.peek().t !== 'end') fail()
    return v
  }

  private peek(): Tok {
    return this.toks[this.i]
  }

  private isOp(v: string): boolean {
    const t = this.peek()
    return t.t === 'op' && t.v === v
  }

  private expectOp(v: string): void {
    if (!this.isOp(v)) fail()
    this.i++
  }

  /** `a, b` at the top level (or inside parentheses) is a tuple. */
  private parseTupleOrExpr(top: boolean): unknown {
    const first = this.parseExpr()
    if (!this.isOp(',')) return first
    const items = [first]
    while (this.isOp(',')) {
      this.i++
      const t = this.peek()
      if (t.t === 'end' || (!top && t.t === 'op' && t.v === ')')) break
      items.push(this.parseExpr())
    }
    return tuple(items)
  }

  private parseExpr(): unknown {
    const t = this.peek()
    if (t.t === 'op' && (t.v === '-' || t.v === '+')) {
      this.i++
      const n = this.peek()
      if (n.t !== 'num') fail()
      this.i++
      this.rejectBinary()
      return t.v === '-' ? -(n as { v: number }).v : (n as { v: number }).v
    }
    const v = this.parseAtom()
    this.rejectBinary()
    return v
  }

  /** literal_eval only allows `num + complex`, and complex is not supported here. */
  private rejectBinary(): void {
    const t = this.peek()
    if (t.t === 'op' && !['(', '[', '{'].includes(t.v) && ![',', ')', ']', '}', ':'].includes(t.v)) fail()
    if (t.t === 'op' && ['(', '[', '{'].includes(t.v)) fail() // calls and subscripts
    if (t.t === 'num' || t.t === 'str' || t.t === 'name') fail()
  }

  private parseAtom(): unknown {
    const t = this.peek()
    this.i++
    switch (t.t) {
      case 'num':
        return t.v
      case 'str': {
        let s = t.v
        const bytes = t.bytes
        while (this.peek().t === 'str') {
          const n = this.peek() as { v: string; bytes: boolean }
          if (n.bytes !== bytes) fail()
          s += n.v
          this.i++
        }
        return s
      }
      case 'name':
        if (t.v === 'True') return true
        if (t.v === 'False') return false
        if (t.v === 'None') return null
        if (t.v === 'set' && this.isOp('(')) {
          this.i++
          this.expectOp(')')
          return []
        }
        return fail()
      case 'op':
        if (t.v === '[') return this.parseSeq(']')
        if (t.v === '(') {
          if (this.isOp(')')) {
            this.i++
            return tuple([])
          }
          const inner = this.parseTupleOrExpr(false)
          this.expectOp(')')
          return inner
        }
        if (t.v === '{') return this.parseBrace()
        return fail()
      default:
        return fail()
    }
  }

  private parseSeq(close: string): unknown[] {
    const out: unknown[] = []
    while (!this.isOp(close)) {
      out.push(this.parseExpr())
      if (this.isOp(',')) this.i++
      else if (!this.isOp(close)) fail()
    }
    this.i++
    return out
  }

  private parseBrace(): unknown {
    if (this.isOp('}')) {
      this.i++
      return {}
    }
    const first = this.parseExpr()
    if (!this.isOp(':')) {
      // a set literal; JSON has no sets, so it becomes a list of its distinct members
      const items = [first]
      while (this.isOp(',')) {
        this.i++
        if (this.isOp('}')) break
        items.push(this.parseExpr())
      }
      this.expectOp('}')
      for (const x of items) if (typeof x === 'object' && x !== null) fail()
      return [...new Set(items)]
    }
    const out: Record<string, unknown> = {}
    let key = first
    for (;;) {
      this.expectOp(':')
      const value = this.parseExpr()
      if (typeof key === 'object' && key !== null && !Array.isArray(key)) fail()
      out[keyString(key)] = value
      if (this.isOp(',')) this.i++
      if (this.isOp('}')) break
      key = this.parseExpr()
    }
    this.i++
    return out
  }
}

/** How ansible's JSON output spells a non-string Python dict key. */
function keyString(k: unknown): string {
  if (k === null) return 'null'
  if (typeof k === 'string') return k
  if (Array.isArray(k)) return fail()
  return String(k)
}

const DEC = String.raw`(?:[1-9](?:_?[0-9])*|0+(?:_?0)*)`
const DIGITS = String.raw`[0-9](?:_?[0-9])*`
const FLOAT = String.raw`(?:(?:${DIGITS})?\.${DIGITS}|${DIGITS}\.)(?:[eE][+-]?${DIGITS})?|${DIGITS}[eE][+-]?${DIGITS}`
const NUMBER = new RegExp(
  String.raw`^(?:(${FLOAT})|0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|${DEC})`,
)
const NAME = /^[\p{L}_][\p{L}\p{N}_]*/u
const STRING_PREFIX = /^([rRuUbBfF]{0,2})(['"])/

function tokenize(src: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  let depth = 0
  while (i < src.length) {
    const c = src[i]
    if (c === ' ' || c === '\t' || c === '\f') { i++; continue }
    if (c === '\n' || c === '\r') {
      // a newline ends the statement unless inside brackets; a second statement is a syntax error
      if (depth === 0 && /\S/.test(src.slice(i).replace(/#[^\n]*/g, ''))) fail()
      i++
      continue
    }
    if (c === '\\' && src[i + 1] === '\n') { i += 2; continue }
    if (c === '#') {
      const nl = src.indexOf('\n', i)
      i = nl < 0 ? src.length : nl
      continue
    }
    const rest = src.slice(i)
    const sp = STRING_PREFIX.exec(rest)
    if (sp && (sp[1] === '' || /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/.test(sp[1]))) {
      const prefix = sp[1].toLowerCase()
      if (prefix.includes('f') || (prefix.includes('u') && prefix.length > 1)) fail()
      const { value, end } = readString(src, i + sp[1].length, prefix.includes('r'), prefix.includes('b'))
      out.push({ t: 'str', v: value, bytes: prefix.includes('b') })
      i = end
      continue
    }
    const num = NUMBER.exec(rest)
    if (num || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      if (!num) fail()
      const text = (num as RegExpExecArray)[0]
      const after = src[i + text.length] ?? ''
      // `0755`, `1.2.3`, `12abc`, `1j`: Python rejects or gives a non-literal
      if (/[\p{L}\p{N}_.]/u.test(after)) fail()
      out.push({ t: 'num', v: numberValue(text) })
      i += text.length
      continue
    }
    const nm = NAME.exec(rest)
    if (nm) {
      out.push({ t: 'name', v: nm[0] })
      i += nm[0].length
      continue
    }
    if ('([{'.includes(c)) depth++
    if (')]}'.includes(c)) depth--
    if (depth < 0) fail()
    if ('()[]{},:+-'.includes(c)) {
      out.push({ t: 'op', v: c })
      i++
      continue
    }
    // any other operator makes a valid-or-invalid expression that is not a literal either way
    return fail()
  }
  if (depth !== 0) fail()
  out.push({ t: 'end' })
  return out
}

function numberValue(text: string): number {
  const t = text.replace(/_/g, '')
  if (/^0[xX]/.test(t)) return Number.parseInt(t.slice(2), 16)
  if (/^0[oO]/.test(t)) return Number.parseInt(t.slice(2), 8)
  if (/^0[bB]/.test(t)) return Number.parseInt(t.slice(2), 2)
  return Number(t)
}

function readString(src: string, q: number, raw: boolean, bytes: boolean): { value: string; end: number } {
  const quote = src[q]
  const triple = src.startsWith(quote.repeat(3), q)
  const delim = triple ? quote.repeat(3) : quote
  let i = q + delim.length
  let out = ''
  for (;;) {
    if (i >= src.length) fail()
    if (src.startsWith(delim, i)) return { value: out, end: i + delim.length }
    const c = src[i]
    if (!triple && (c === '\n' || c === '\r')) fail()
    if (c !== '\\') {
      out += c
      i++
      continue
    }
    const n = src[i + 1]
    if (n === undefined) fail()
    if (raw) {
      out += c + n
      i += 2
      continue
    }
    i += 2
    switch (n) {
      case '\n': break
      case '\\': out += '\\'; break
      case "'": out += "'"; break
      case '"': out += '"'; break
      case 'a': out += '\x07'; break
      case 'b': out += '\b'; break
      case 'f': out += '\f'; break
      case 'n': out += '\n'; break
      case 'r': out += '\r'; break
      case 't': out += '\t'; break
      case 'v': out += '\v'; break
      case 'x': {
        const h = src.slice(i, i + 2)
        if (!/^[0-9a-fA-F]{2}$/.test(h)) fail()
        out += String.fromCharCode(Number.parseInt(h, 16))
        i += 2
        break
      }
      case 'u':
      case 'U': {
        if (bytes) { out += '\\' + n; break }
        const len = n === 'u' ? 4 : 8
        const h = src.slice(i, i + len)
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) fail()
        const cp = Number.parseInt(h, 16)
        if (cp > 0x10ffff) fail()
        out += String.fromCodePoint(cp)
        i += len
        break
      }
      case 'N':
        return fail()
      default:
        if (/[0-7]/.test(n)) {
          let o = n
          while (o.length < 3 && /[0-7]/.test(src[i] ?? '')) o += src[i++]
          out += String.fromCharCode(Number.parseInt(o, 8))
        } else {
          // Python keeps unknown escapes as written
          out += '\\' + n
        }
    }
  }
}
