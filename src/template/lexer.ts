/**
 * Jinja2 lexer: splits template source into data and tag tokens, tokenising the expressions
 * inside tags. Whitespace control (`-`, `+`), trim_blocks, lstrip_blocks and raw blocks are
 * resolved here so the parser only sees the text that will be output.
 */
import { TemplateError } from '../errors.js'

export type TokType =
  | 'data' | 'var_begin' | 'var_end' | 'block_begin' | 'block_end'
  | 'name' | 'string' | 'integer' | 'float' | 'op' | 'eof'

export interface Token {
  type: TokType
  value: string
  /** For integer/float/string: the literal value. */
  literal?: unknown
  line: number
}

export interface LexOptions {
  trimBlocks: boolean
  lstripBlocks: boolean
  keepTrailingNewline: boolean
  blockStart: string
  blockEnd: string
  varStart: string
  varEnd: string
  commentStart: string
  commentEnd: string
  /** Ansible doubles backslashes in string literals inside `{{ }}` of task strings (not template files). */
  escapeBackslashes?: boolean
}

export const DEFAULT_LEX: LexOptions = {
  trimBlocks: true,
  lstripBlocks: false,
  keepTrailingNewline: false,
  blockStart: '{%',
  blockEnd: '%}',
  varStart: '{{',
  varEnd: '}}',
  commentStart: '{#',
  commentEnd: '#}',
}

const OPS = ['//', '**', '==', '!=', '>=', '<=', '+', '-', '/', '*', '%', '~', '[', ']', '(', ')', '{', '}', '>', '<', '=', '.', ':', '|', ',', ';']
const NAME_RE = /[A-Za-z_][A-Za-z0-9_]*/y
const FLOAT_RE = /(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y
const INT_RE = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[0-9a-fA-F])+|(?:\d+_)*\d+/y
const WS_RE = /\s+/y

export class TemplateSyntaxError extends TemplateError {
  constructor(message: string, readonly tplLine: number) {
    super(message, {}, 'E_TEMPLATE_SYNTAX')
  }
}

/** Python's "unicode-escape" decoding of a string literal body. */
export function unescapePy(body: string): string {
  if (!body.includes('\\')) return body
  let out = ''
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]
    if (ch !== '\\' || i === body.length - 1) {
      out += ch
      continue
    }
    const n = body[++i]
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' }
    if (n in simple) out += simple[n]
    else if (/[0-7]/.test(n)) {
      let j = i
      while (j < body.length && j < i + 3 && /[0-7]/.test(body[j])) j++
      out += String.fromCodePoint(parseInt(body.slice(i, j), 8))
      i = j - 1
    } else if (n === 'x' || n === 'u' || n === 'U') {
      const len = n === 'x' ? 2 : n === 'u' ? 4 : 8
      const hex = body.slice(i + 1, i + 1 + len)
      if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) {
        throw new TemplateSyntaxError(`(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\${n} escape`, 0)
      }
      out += String.fromCodePoint(parseInt(hex, 16))
      i += len
    } else out += '\\' + n
  }
  return out
}

export function tokenize(source: string, opts: LexOptions = DEFAULT_LEX): Token[] {
  let src = source.replace(/\r\n|\r/g, '\n')
  if (!opts.keepTrailingNewline && src.endsWith('\n')) src = src.slice(0, -1)
  const toks: Token[] = []
  let pos = 0
  let line = 1
  const advanceTo = (p: number) => {
    for (let i = pos; i < p; i++) if (src.charCodeAt(i) === 10) line++
    pos = p
  }
  const { varStart, blockStart, commentStart } = opts
  const rawStart = new RegExp(`${esc(blockStart)}([-+]?)\\s*raw\\s*(-?)${esc(opts.blockEnd)}`, 'y')
  const rawEnd = new RegExp(`${esc(blockStart)}(-?)\\s*endraw\\s*([-+]?)${esc(opts.blockEnd)}`, 'g')

  while (pos < src.length) {
    let start = -1
    let kind: 'var' | 'block' | 'comment' = 'var'
    for (const [d, k] of [[varStart, 'var'], [blockStart, 'block'], [commentStart, 'comment']] as const) {
      const i = src.indexOf(d, pos)
      if (i >= 0 && (start < 0 || i < start)) {
        start = i
        kind = k
      }
    }
    if (start < 0) {
      pushData(toks, src.slice(pos), line)
      advanceTo(src.length)
      break
    }
    const startLen = kind === 'var' ? varStart.length : kind === 'block' ? blockStart.length : commentStart.length
    const marker = src[start + startLen]
    let data = src.slice(pos, start)
    if (marker === '-') data = data.replace(/\s+$/, '')
    else if (opts.lstripBlocks && kind !== 'var' && marker !== '+') {
      const m = /(^|\n)[ \t]*$/.exec(data)
      if (m) data = data.slice(0, m.index + m[1].length)
    }
    pushData(toks, data, line)
    advanceTo(start)
    const tagLine = line

    if (kind === 'comment') {
      const endIdx = src.indexOf(opts.commentEnd, start + startLen)
      if (endIdx < 0) throw new TemplateSyntaxError('Missing end of comment tag', tagLine)
      const strip = src[endIdx - 1] === '-' && endIdx - 1 >= start + startLen
      advanceTo(endIdx + opts.commentEnd.length)
      afterTag(strip, true)
      continue
    }
    if (kind === 'block') {
      rawStart.lastIndex = start
      const m = rawStart.exec(src)
      if (m) {
        rawEnd.lastIndex = rawStart.lastIndex
        const e = rawEnd.exec(src)
        if (!e) throw new TemplateSyntaxError('Missing end of raw directive', tagLine)
        let body = src.slice(rawStart.lastIndex, e.index)
        if (m[2] === '-') body = body.replace(/^\s+/, '')
        else if (opts.trimBlocks && body.startsWith('\n')) body = body.slice(1)
        if (e[1] === '-') body = body.replace(/\s+$/, '')
        pushData(toks, body, tagLine)
        advanceTo(rawEnd.lastIndex)
        afterTag(e[2] === '-', true)
        continue
      }
    }
    // an expression tag
    toks.push({ type: kind === 'var' ? 'var_begin' : 'block_begin', value: '', line })
    advanceTo(start + startLen + (marker === '-' || marker === '+' ? 1 : 0))
    const endDelim = kind === 'var' ? opts.varEnd : opts.blockEnd
    const depth: string[] = []
    let closed = false
    while (pos < src.length) {
      WS_RE.lastIndex = pos
      const ws = WS_RE.exec(src)
      if (ws) {
        advanceTo(WS_RE.lastIndex)
        if (pos >= src.length) break
      }
      if (depth.length === 0) {
        if (src[pos] === '-' && src.startsWith(endDelim, pos + 1)) {
          advanceTo(pos + 1 + endDelim.length)
          toks.push({ type: kind === 'var' ? 'var_end' : 'block_end', value: '', line })
          afterTag(true, kind === 'block')
          closed = true
          break
        }
        if (src.startsWith(endDelim, pos) || (src[pos] === '+' && src.startsWith(endDelim, pos + 1) && kind === 'block')) {
          advanceTo(pos + (src[pos] === '+' ? 1 : 0) + endDelim.length)
          toks.push({ type: kind === 'var' ? 'var_end' : 'block_end', value: '', line })
          afterTag(false, kind === 'block')
          closed = true
          break
        }
      }
      const c = src[pos]
      if (c === "'" || c === '"') {
        let j = pos + 1
        while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1
        if (j >= src.length) throw new TemplateSyntaxError('unexpected char ' + JSON.stringify(c) + ` at ${pos}`, line)
        const raw = src.slice(pos, j + 1)
        const body = raw.slice(1, -1)
        const literal = opts.escapeBackslashes && kind === 'var' ? body : unescapePy(body)
        toks.push({ type: 'string', value: raw, literal, line })
        advanceTo(j + 1)
        continue
      }
      if (/[0-9]/.test(c)) {
        FLOAT_RE.lastIndex = pos
        const f = FLOAT_RE.exec(src)
        if (f) {
          toks.push({ type: 'float', value: f[0], literal: Number(f[0].replace(/_/g, '')), line })
          advanceTo(FLOAT_RE.lastIndex)
          continue
        }
        INT_RE.lastIndex = pos
        const n = INT_RE.exec(src)!
        toks.push({ type: 'integer', value: n[0], literal: parseIntLiteral(n[0]), line })
        advanceTo(INT_RE.lastIndex)
        continue
      }
      NAME_RE.lastIndex = pos
      const nm = NAME_RE.exec(src)
      if (nm) {
        toks.push({ type: 'name', value: nm[0], line })
        advanceTo(NAME_RE.lastIndex)
        continue
      }
      const op = OPS.find((o) => src.startsWith(o, pos))
      if (!op) throw new TemplateSyntaxError(`unexpected char ${pyQuote(c)} at ${pos}`, line)
      if (op === '(' || op === '[' || op === '{') depth.push(op)
      else if (op === ')' || op === ']' || op === '}') {
        const want = op === ')' ? '(' : op === ']' ? '[' : '{'
        if (depth.length === 0) throw new TemplateSyntaxError(`unexpected '${op}'`, line)
        const open = depth.pop()
        if (open !== want) throw new TemplateSyntaxError(`unexpected '${op}', expected '${closer(open!)}'`, line)
      }
      toks.push({ type: 'op', value: op, line })
      advanceTo(pos + op.length)
    }
    if (!closed) break
  }
  toks.push({ type: 'eof', value: '', line })
  return toks

  function afterTag(strip: boolean, isBlock: boolean): void {
    if (strip) {
      WS_RE.lastIndex = pos
      if (WS_RE.exec(src)) advanceTo(WS_RE.lastIndex)
    } else if (isBlock && opts.trimBlocks && src[pos] === '\n') advanceTo(pos + 1)
  }
}

function pushData(toks: Token[], data: string, line: number): void {
  if (data) toks.push({ type: 'data', value: data, line })
}

function parseIntLiteral(s: string): number {
  const t = s.replace(/_/g, '').toLowerCase()
  if (t.startsWith('0b')) return parseInt(t.slice(2), 2)
  if (t.startsWith('0o')) return parseInt(t.slice(2), 8)
  if (t.startsWith('0x')) return parseInt(t.slice(2), 16)
  return parseInt(t, 10)
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
function closer(open: string): string {
  return open === '(' ? ')' : open === '[' ? ']' : '}'
}
function pyQuote(c: string): string {
  return c === "'" ? `"'"` : `'${c}'`
}
