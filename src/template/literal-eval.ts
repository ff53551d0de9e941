/**
 * Python's ast.literal_eval, as Ansible applies it to rendered text: "42" becomes 42, "[1, 2]" a
 * list, "{'a': 1}" a dict. Anything that is not exactly a Python literal stays text.
 *
 * Deliberate difference: integers beyond 2^53 stay text (JavaScript numbers would lose digits,
 * and such values are usually identifiers).
 */
import { unescapePy } from './lexer.js'
import { PyFloat, Tuple, dictKey, mkFloat, newDict, setKey } from './values.js'

export type EvalResult = { ok: true; value: unknown; isString: boolean } | { ok: false }

class Fail {}
const FAIL = new Fail()

export function literalEval(src: string, jsonNames = false): EvalResult {
  // ast.parse rejects leading indentation; trailing whitespace and comments are fine.
  if (/^[ \t\f]/.test(src)) return { ok: false }
  const p = new LitParser(src, jsonNames)
  try {
    p.skip(false)
    const isString = p.peekString()
    let value = p.value()
    p.skip(false)
    if (src[p.pos] === ',') {
      // a bare tuple: "1, 2" evaluates to (1, 2)
      const items = [value]
      while (src[p.pos] === ',') {
        p.pos++
        p.skip(false)
        if (p.pos >= src.length) break
        items.push(p.value())
        p.skip(false)
      }
      value = Tuple.of2(items)
      return p.pos < src.length ? { ok: false } : { ok: true, value, isString: false }
    }
    if (p.pos < src.length) return { ok: false }
    return { ok: true, value, isString }
  } catch (e) {
    if (e === FAIL) return { ok: false }
    throw e
  }
}

class LitParser {
  pos = 0
  private depth = 0
  constructor(private readonly s: string, private readonly jsonNames: boolean) {}

  /** Skip spaces and comments; newlines only inside brackets (or trailing). */
  skip(inside = this.depth > 0): void {
    const s = this.s
    for (;;) {
      const c = s[this.pos]
      if (c === ' ' || c === '\t' || c === '\f') this.pos++
      else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++
      } else if (c === '\n' || c === '\r') {
        if (inside) this.pos++
        else {
          // a newline at top level ends the statement: only whitespace may follow
          const rest = s.slice(this.pos)
          if (/^(\s|#[^\n]*)*$/.test(rest)) this.pos = s.length
          return
        }
      } else if (c === '\\' && s[this.pos + 1] === '\n') this.pos += 2
      else return
    }
  }

  peekString(): boolean {
    return /^[rRuU]?['"]/.test(this.s.slice(this.pos, this.pos + 2))
  }

  value(): unknown {
    this.skip()
    const s = this.s
    const c = s[this.pos]
    if (c === undefined) throw FAIL
    if (c === '[') return this.seq(']', (items) => items)
    if (c === '(') {
      this.pos++
      this.depth++
      this.skip()
      if (s[this.pos] === ')') {
        this.pos++
        this.depth--
        return Tuple.of2([])
      }
      const first = this.value()
      this.skip()
      if (s[this.pos] === ')') {
        this.pos++
        this.depth--
        return first
      }
      const items = [first]
      while (s[this.pos] === ',') {
        this.pos++
        this.skip()
        if (s[this.pos] === ')') break
        items.push(this.value())
        this.skip()
      }
      if (s[this.pos] !== ')') throw FAIL
      this.pos++
      this.depth--
      return Tuple.of2(items)
    }
    if (c === '{') return this.dictOrSet()
    if (c === '-' || c === '+') {
      this.pos++
      this.skip()
      const v = this.value()
      if (typeof v === 'number') return c === '-' ? -v : v
      if (v instanceof PyFloat) return mkFloat(c === '-' ? -v.value : v.value)
      throw FAIL
    }
    if (/[0-9.]/.test(c)) return this.number()
    const str = /^([rRuU]?)(['"])/.exec(s.slice(this.pos, this.pos + 2))
    if (str) {
      let out = ''
      // adjacent literals concatenate: 'a' "b" -> 'ab'
      for (;;) {
        const m = /^([rRuU]?)(['"])/.exec(s.slice(this.pos, this.pos + 2))
        if (!m) break
        this.pos += m[1].length
        out += this.stringLit(m[1].toLowerCase() === 'r')
        this.skip()
      }
      return out
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.pos))
    if (name) {
      this.pos += name[0].length
      switch (name[0]) {
        case 'True': return true
        case 'False': return false
        case 'None': return null
      }
      if (this.jsonNames) {
        if (name[0] === 'true') return true
        if (name[0] === 'false') return false
        if (name[0] === 'null') return null
      }
    }
    throw FAIL
  }

  private seq(close: string, make: (items: unknown[]) => unknown): unknown {
    this.pos++
    this.depth++
    const items: unknown[] = []
    this.skip()
    while (this.s[this.pos] !== close) {
      items.push(this.value())
      this.skip()
      if (this.s[this.pos] === ',') {
        this.pos++
        this.skip()
      } else if (this.s[this.pos] !== close) throw FAIL
    }
    this.pos++
    this.depth--
    return make(items)
  }

  private dictOrSet(): unknown {
    this.pos++
    this.depth++
    this.skip()
    const d = newDict()
    if (this.s[this.pos] === '}') {
      this.pos++
      this.depth--
      return d
    }
    const first = this.value()
    this.skip()
    if (this.s[this.pos] !== ':') {
      // a set literal: keep it as a list of unique items
      const items = [first]
      while (this.s[this.pos] === ',') {
        this.pos++
        this.skip()
        if (this.s[this.pos] === '}') break
        items.push(this.value())
        this.skip()
      }
      if (this.s[this.pos] !== '}') throw FAIL
      this.pos++
      this.depth--
      return items
    }
    let key = first
    for (;;) {
      if (this.s[this.pos] !== ':') throw FAIL
      this.pos++
      const v = this.value()
      if (Array.isArray(key) && !(key instanceof Tuple)) throw FAIL
      setKey(d, dictKey(key), v)
      this.skip()
      if (this.s[this.pos] === ',') {
        this.pos++
        this.skip()
      }
      if (this.s[this.pos] === '}') break
      key = this.value()
      this.skip()
    }
    this.pos++
    this.depth--
    return d
  }

  private number(): unknown {
    const rest = this.s.slice(this.pos)
    let m = /^0[xX](?:_?[0-9a-fA-F])+|^0[oO](?:_?[0-7])+|^0[bB](?:_?[01])+/.exec(rest)
    if (m) {
      this.pos += m[0].length
      this.noIdentAfter()
      const t = m[0].replace(/_/g, '')
      const base = /[xX]/.test(t[1]) ? 16 : /[oO]/.test(t[1]) ? 8 : 2
      return this.safeInt(parseInt(t.slice(2), base))
    }
    m = /^(?:\d(?:_?\d)*)?\.(?:\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?|^\d(?:_?\d)*[eE][+-]?\d(?:_?\d)*/.exec(rest)
    if (m && m[0] !== '.' && /\d/.test(m[0])) {
      this.pos += m[0].length
      this.noIdentAfter()
      return mkFloat(Number(m[0].replace(/_/g, '')))
    }
    m = /^\d(?:_?\d)*/.exec(rest)
    if (!m) throw FAIL
    const t = m[0].replace(/_/g, '')
    if (t.length > 1 && t[0] === '0' && /[1-9]/.test(t)) throw FAIL // "0644" is a SyntaxError in Python 3
    this.pos += m[0].length
    this.noIdentAfter()
    return this.safeInt(Number(t))
  }

  private safeInt(n: number): number {
    if (!Number.isSafeInteger(n)) throw FAIL
    return n
  }

  private noIdentAfter(): void {
    if (/[A-Za-z0-9_]/.test(this.s[this.pos] ?? '')) throw FAIL
  }

  private stringLit(raw: boolean): string {
    const s = this.s
    const q = s[this.pos]
    const triple = s.startsWith(q.repeat(3), this.pos)
    const delim = triple ? q.repeat(3) : q
    let i = this.pos + delim.length
    const start = i
    for (;;) {
      if (i >= s.length) throw FAIL
      if (s[i] === '\\') {
        i += 2
        continue
      }
      if (!triple && s[i] === '\n') throw FAIL
      if (s.startsWith(delim, i)) break
      i++
    }
    const body = s.slice(start, i)
    this.pos = i + delim.length
    return raw ? body : unescapePy(body)
  }
}
