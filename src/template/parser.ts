/**
 * Jinja2 parser: tokens to AST, following Jinja's grammar and precedence (including its quirks:
 * `**` is left-associative, a unary minus binds tighter than filters, tests take one bare
 * argument as in `x is divisibleby 3`).
 */
import type { CallArgs, Expr, MacroDef, Stmt, Target } from './ast.js'
import { mkFloat } from './values.js'
import { tokenize, TemplateSyntaxError, type LexOptions, type Token } from './lexer.js'

const CONSTS: Record<string, unknown> = { true: true, True: true, false: false, False: false, none: null, None: null }

function describe(t: Token): string {
  switch (t.type) {
    case 'name': return t.value
    case 'op': return t.value
    case 'var_end': return 'end of print statement'
    case 'block_end': return 'end of statement block'
    case 'var_begin': return 'begin of print statement'
    case 'block_begin': return 'begin of statement block'
    case 'eof': return 'end of template'
    case 'data': return 'template data / text'
    default: return t.type
  }
}

export function parseTemplate(source: string, opts?: LexOptions): Stmt[] {
  return new Parser(tokenize(source, opts)).parseRoot()
}

/** Parse a bare expression (a `when:` condition). */
export function parseExpression(source: string): Expr {
  const p = new Parser(tokenize(`{{ ${source} }}`))
  p.expectType('var_begin')
  const e = p.parseTuple(true)
  p.expectType('var_end', 'end of print statement')
  p.expectType('eof')
  return e
}

class Parser {
  private i = 0
  private blockStack: string[] = []
  constructor(private readonly toks: Token[]) {}

  private get cur(): Token {
    return this.toks[this.i]
  }
  private look(): Token {
    return this.toks[Math.min(this.i + 1, this.toks.length - 1)]
  }
  private next(): Token {
    return this.toks[this.i++]
  }
  private fail(msg: string, t: Token = this.cur): never {
    throw new TemplateSyntaxError(msg, t.line)
  }
  private isOp(v: string): boolean {
    return this.cur.type === 'op' && this.cur.value === v
  }
  private isName(v: string): boolean {
    return this.cur.type === 'name' && this.cur.value === v
  }
  private skipOp(v: string): boolean {
    if (this.isOp(v)) {
      this.i++
      return true
    }
    return false
  }
  private skipName(v: string): boolean {
    if (this.isName(v)) {
      this.i++
      return true
    }
    return false
  }
  expectType(type: Token['type'], what: string = type): Token {
    if (this.cur.type !== type) {
      if (this.cur.type === 'eof') this.fail(`unexpected end of template, expected '${what}'.`)
      this.fail(`expected token '${what}', got '${describe(this.cur)}'`)
    }
    return this.next()
  }
  private expectOp(v: string): void {
    if (!this.isOp(v)) {
      if (this.cur.type === 'eof') this.fail(`unexpected end of template, expected '${v}'.`)
      this.fail(`expected token '${v}', got '${describe(this.cur)}'`)
    }
    this.i++
  }
  private expectName(v?: string): string {
    if (this.cur.type !== 'name' || (v !== undefined && this.cur.value !== v)) {
      if (this.cur.type === 'eof') this.fail(`unexpected end of template, expected '${v ?? 'name'}'.`)
      this.fail(`expected token '${v ?? 'name'}', got '${describe(this.cur)}'`)
    }
    return this.next().value
  }
  private expectBlockEnd(): void {
    this.expectType('block_end', 'end of statement block')
  }

  parseRoot(): Stmt[] {
    const body = this.subparse([])
    if (this.cur.type !== 'eof') this.fail(`unexpected '${describe(this.cur)}'`)
    return body
  }

  /** Statements until a block tag named in `end` (left unconsumed, after its block_begin). */
  private subparse(end: string[]): Stmt[] {
    const body: Stmt[] = []
    for (;;) {
      const t = this.cur
      if (t.type === 'data') {
        body.push({ k: 'data', text: t.value })
        this.i++
      } else if (t.type === 'var_begin') {
        this.i++
        const expr = this.parseTuple(true)
        this.expectType('var_end', 'end of print statement')
        body.push({ k: 'output', expr, line: t.line })
      } else if (t.type === 'block_begin') {
        this.i++
        if (this.cur.type === 'name' && end.includes(this.cur.value)) return body
        body.push(...this.parseStatement(end))
        this.expectBlockEnd()
      } else if (t.type === 'eof') {
        if (end.length) {
          const inner = this.blockStack[this.blockStack.length - 1]
          this.fail(`Unexpected end of template. Jinja was looking for the following tags: ${end.map((e) => `'${e}'`).join(' or ')}. The innermost block that needs to be closed is '${inner}'.`)
        }
        return body
      } else this.fail(`unexpected '${describe(t)}'`)
    }
  }

  private parseStatement(end: string[]): Stmt[] {
    const t = this.cur
    if (t.type !== 'name') this.fail('tag name expected')
    const line = t.line
    this.blockStack.push(t.value)
    try {
      switch (t.value) {
        case 'if': this.i++; return [this.parseIf(line)]
        case 'for': this.i++; return [this.parseFor(line)]
        case 'set': this.i++; return [this.parseSet(line)]
        case 'macro': this.i++; return [this.parseMacro(line)]
        case 'call': this.i++; return [this.parseCallBlock(line)]
        case 'filter': this.i++; return [this.parseFilterBlock(line)]
        case 'include': this.i++; return [this.parseInclude(line)]
        case 'with': this.i++; return [this.parseWith(line)]
        case 'print': {
          this.i++
          return [{ k: 'output', expr: this.parseTuple(true), line }]
        }
        case 'do': this.i++; return [{ k: 'do', expr: this.parseTuple(true), line }]
        default: {
          const extra = end.length ? ` Jinja was looking for the following tags: ${end.map((e) => `'${e}'`).join(' or ')}.` : ''
          this.fail(`Encountered unknown tag '${t.value}'.${extra}`)
        }
      }
    } finally {
      this.blockStack.pop()
    }
  }

  private parseIf(line: number): Stmt {
    const branches: Array<{ test: Expr; body: Stmt[] }> = []
    let els: Stmt[] | undefined
    let test = this.parseTuple(false)
    for (;;) {
      this.expectBlockEnd()
      const body = this.subparse(['elif', 'else', 'endif'])
      branches.push({ test, body })
      const tag = this.next().value
      if (tag === 'elif') {
        test = this.parseTuple(false)
        continue
      }
      if (tag === 'else') {
        this.expectBlockEnd()
        els = this.subparse(['endif'])
        this.next()
      }
      break
    }
    return { k: 'if', branches, else: els, line }
  }

  private parseFor(line: number): Stmt {
    const target = this.parseAssignTarget(false, ['in'])
    this.expectName('in')
    const iter = this.parseTuple(false, ['recursive'])
    let filter: Expr | undefined
    if (this.skipName('if')) filter = this.parseExpression()
    const recursive = this.skipName('recursive')
    this.expectBlockEnd()
    const body = this.subparse(['endfor', 'else'])
    let els: Stmt[] | undefined
    if (this.next().value === 'else') {
      this.expectBlockEnd()
      els = this.subparse(['endfor'])
      this.next()
    }
    return { k: 'for', target, iter, filter, body, else: els, recursive, line }
  }

  private parseSet(line: number): Stmt {
    const target = this.parseAssignTarget(true, [])
    if (this.skipOp('=')) return { k: 'set', target, value: this.parseTuple(true), line }
    const filters: Expr[] = []
    while (this.skipOp('|')) filters.push(this.parseFilterOnly(line))
    this.expectBlockEnd()
    const body = this.subparse(['endset'])
    this.next()
    return { k: 'setblock', target, filters, body, line }
  }

  private parseAssignTarget(withNamespace: boolean, extraEnd: string[]): Target {
    const items: Target[] = []
    let isTuple = false
    for (;;) {
      if (items.length) this.expectOp(',')
      if (this.cur.type === 'block_end' || this.isOp(')') || (this.cur.type === 'name' && extraEnd.includes(this.cur.value))) break
      if (this.skipOp('(')) {
        items.push(this.parseAssignTarget(false, []))
        this.expectOp(')')
      } else {
        const name = this.expectName()
        if (withNamespace && this.skipOp('.')) items.push({ k: 'nsattr', ns: name, attr: this.expectName() })
        else items.push({ k: 'name', name })
      }
      if (this.isOp(',')) isTuple = true
      else break
    }
    if (!isTuple) {
      if (items.length === 1) return items[0]
      this.fail(`Expected an expression, got '${describe(this.cur)}'`)
    }
    return { k: 'tuple', items }
  }

  private parseSignature(): MacroDef['params'] {
    const params: MacroDef['params'] = []
    this.expectOp('(')
    while (!this.isOp(')')) {
      if (params.length) this.expectOp(',')
      if (this.isOp(')')) break
      const name = this.expectName()
      const def = this.skipOp('=') ? this.parseExpression() : undefined
      params.push({ name, def })
    }
    this.expectOp(')')
    return params
  }

  private parseMacro(line: number): Stmt {
    const name = this.expectName()
    const params = this.parseSignature()
    this.expectBlockEnd()
    const body = this.subparse(['endmacro'])
    this.next()
    return { k: 'macro', def: { name, params, body }, line }
  }

  private parseCallBlock(line: number): Stmt {
    const params = this.isOp('(') ? this.parseSignature() : []
    const call = this.parseExpression()
    if (call.k !== 'call') this.fail('expected call', this.cur)
    this.expectBlockEnd()
    const body = this.subparse(['endcall'])
    this.next()
    return { k: 'callblock', call, params, body, line }
  }

  private parseFilterBlock(line: number): Stmt {
    const filters: Expr[] = [this.parseFilterOnly(line)]
    while (this.skipOp('|')) filters.push(this.parseFilterOnly(line))
    this.expectBlockEnd()
    const body = this.subparse(['endfilter'])
    this.next()
    return { k: 'filterblock', filters, body, line }
  }

  private parseFilterOnly(line: number): Expr {
    let name = this.expectName()
    while (this.skipOp('.')) name += '.' + this.expectName()
    const call = this.isOp('(') ? this.parseCallArgs() : { args: [], kwargs: [] }
    return { k: 'filter', node: null, name, call, line }
  }

  private parseInclude(line: number): Stmt {
    const template = this.parseExpression()
    let ignoreMissing = false
    if (this.isName('ignore') && this.look().type === 'name' && this.look().value === 'missing') {
      this.i += 2
      ignoreMissing = true
    }
    let withContext = true
    if ((this.isName('with') || this.isName('without')) && this.look().value === 'context') {
      withContext = this.next().value === 'with'
      this.i++
    }
    return { k: 'include', template, ignoreMissing, withContext, line }
  }

  private parseWith(line: number): Stmt {
    const targets: Array<[Target, Expr]> = []
    while (this.cur.type !== 'block_end') {
      if (targets.length) this.expectOp(',')
      const t = this.parseAssignTarget(false, [])
      this.expectOp('=')
      targets.push([t, this.parseExpression()])
    }
    this.expectBlockEnd()
    const body = this.subparse(['endwith'])
    this.next()
    return { k: 'with', targets, body, line }
  }

  // ---- expressions ----

  parseTuple(withCondexpr: boolean, extraEnd: string[] = [], explicitParens = false): Expr {
    const line = this.cur.line
    const items: Expr[] = []
    let isTuple = false
    for (;;) {
      if (items.length) this.expectOp(',')
      const t = this.cur
      if (t.type === 'var_end' || t.type === 'block_end' || this.isOp(')') || (t.type === 'name' && extraEnd.includes(t.value))) break
      items.push(withCondexpr ? this.parseExpression() : this.parseOr())
      if (this.isOp(',')) isTuple = true
      else break
    }
    if (!isTuple) {
      if (items.length) return items[0]
      if (!explicitParens) this.fail(`Expected an expression, got '${describe(this.cur)}'`)
    }
    return { k: 'tuple', items, line }
  }

  parseExpression(): Expr {
    let e = this.parseOr()
    while (this.isName('if')) {
      const line = this.next().line
      const test = this.parseOr()
      const no = this.skipName('else') ? this.parseExpression() : undefined
      e = { k: 'cond', test, yes: e, no, line }
    }
    return e
  }

  private parseOr(): Expr {
    let left = this.parseAnd()
    while (this.isName('or')) {
      const line = this.next().line
      left = { k: 'or', left, right: this.parseAnd(), line }
    }
    return left
  }

  private parseAnd(): Expr {
    let left = this.parseNot()
    while (this.isName('and')) {
      const line = this.next().line
      left = { k: 'and', left, right: this.parseNot(), line }
    }
    return left
  }

  private parseNot(): Expr {
    if (this.isName('not')) {
      const line = this.next().line
      return { k: 'not', node: this.parseNot(), line }
    }
    return this.parseCompare()
  }

  private parseCompare(): Expr {
    const line = this.cur.line
    const first = this.parseMath1()
    const ops: Array<[string, Expr]> = []
    for (;;) {
      const t = this.cur
      if (t.type === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.value)) {
        this.i++
        ops.push([t.value, this.parseMath1()])
      } else if (this.skipName('in')) ops.push(['in', this.parseMath1()])
      else if (this.isName('not') && this.look().type === 'name' && this.look().value === 'in') {
        this.i += 2
        ops.push(['notin', this.parseMath1()])
      } else break
    }
    return ops.length ? { k: 'compare', first, ops, line } : first
  }

  private parseMath1(): Expr {
    let left = this.parseConcat()
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next()
      left = { k: 'binop', op: t.value, left, right: this.parseConcat(), line: t.line }
    }
    return left
  }

  private parseConcat(): Expr {
    const line = this.cur.line
    const nodes = [this.parseMath2()]
    while (this.skipOp('~')) nodes.push(this.parseMath2())
    return nodes.length === 1 ? nodes[0] : { k: 'concat', nodes, line }
  }

  private parseMath2(): Expr {
    let left = this.parsePow()
    while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
      const t = this.next()
      left = { k: 'binop', op: t.value, left, right: this.parsePow(), line: t.line }
    }
    return left
  }

  private parsePow(): Expr {
    let left = this.parseUnary(true)
    while (this.isOp('**')) {
      const t = this.next()
      left = { k: 'binop', op: '**', left, right: this.parseUnary(true), line: t.line }
    }
    return left
  }

  private parseUnary(withFilter: boolean): Expr {
    const t = this.cur
    let node: Expr
    if (this.skipOp('-')) node = { k: 'neg', node: this.parseUnary(false), line: t.line }
    else if (this.skipOp('+')) node = { k: 'pos', node: this.parseUnary(false), line: t.line }
    else node = this.parsePrimary()
    node = this.parsePostfix(node)
    if (withFilter) node = this.parseFilterExpr(node)
    return node
  }

  private parsePrimary(): Expr {
    const t = this.cur
    const line = t.line
    if (t.type === 'name') {
      this.i++
      if (Object.hasOwn(CONSTS, t.value)) return { k: 'const', value: CONSTS[t.value], line }
      return { k: 'name', name: t.value, line }
    }
    if (t.type === 'string') {
      let s = ''
      while (this.cur.type === 'string') s += this.next().literal as string
      return { k: 'const', value: s, line }
    }
    if (t.type === 'integer') {
      this.i++
      return { k: 'const', value: t.literal, line }
    }
    if (t.type === 'float') {
      this.i++
      return { k: 'const', value: mkFloat(t.literal as number), line }
    }
    if (this.skipOp('(')) {
      const e = this.parseTuple(true, [], true)
      this.expectOp(')')
      return e
    }
    if (this.skipOp('[')) {
      const items: Expr[] = []
      while (!this.isOp(']')) {
        if (items.length) this.expectOp(',')
        if (this.isOp(']')) break
        items.push(this.parseExpression())
      }
      this.expectOp(']')
      return { k: 'list', items, line }
    }
    if (this.skipOp('{')) {
      const pairs: Array<[Expr, Expr]> = []
      while (!this.isOp('}')) {
        if (pairs.length) this.expectOp(',')
        if (this.isOp('}')) break
        const key = this.parseExpression()
        this.expectOp(':')
        pairs.push([key, this.parseExpression()])
      }
      this.expectOp('}')
      return { k: 'dict', pairs, line }
    }
    if (t.type === 'eof') this.fail('unexpected end of template, expected an expression.')
    this.fail(`unexpected '${describe(t)}'`)
  }

  private parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.isOp('.') || this.isOp('[')) node = this.parseSubscript(node)
      else if (this.isOp('(')) node = { k: 'call', fn: node, call: this.parseCallArgs(), line: this.cur.line }
      else return node
    }
  }

  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.isOp('|')) {
        const line = this.next().line
        let name = this.expectName()
        while (this.skipOp('.')) name += '.' + this.expectName()
        const call = this.isOp('(') ? this.parseCallArgs() : { args: [], kwargs: [] }
        node = { k: 'filter', node, name, call, line }
      } else if (this.isName('is')) {
        const line = this.next().line
        const negated = this.skipName('not')
        let name = this.expectName()
        while (this.skipOp('.')) name += '.' + this.expectName()
        let call: CallArgs = { args: [], kwargs: [] }
        const c = this.cur
        if (this.isOp('(')) call = this.parseCallArgs()
        else if (
          (['name', 'string', 'integer', 'float'].includes(c.type) || this.isOp('[') || this.isOp('{')) &&
          !(c.type === 'name' && ['else', 'or', 'and'].includes(c.value))
        ) {
          if (this.isName('is')) this.fail('You cannot chain multiple tests with is')
          call = { args: [this.parsePostfix(this.parsePrimary())], kwargs: [] }
        }
        node = { k: 'test', node, name, call, line }
        if (negated) node = { k: 'not', node, line }
      } else if (this.isOp('(')) node = { k: 'call', fn: node, call: this.parseCallArgs(), line: this.cur.line }
      else return node
    }
  }

  private parseSubscript(node: Expr): Expr {
    const t = this.next()
    if (t.value === '.') {
      const a = this.cur
      if (a.type === 'name') {
        this.i++
        return { k: 'getattr', obj: node, attr: a.value, line: t.line }
      }
      if (a.type === 'integer') {
        this.i++
        return { k: 'getitem', obj: node, key: { k: 'const', value: a.literal, line: a.line }, line: t.line }
      }
      this.fail('expected name or number')
    }
    const args: Expr[] = []
    while (!this.isOp(']')) {
      if (args.length) this.expectOp(',')
      args.push(this.parseSubscribed())
    }
    this.expectOp(']')
    const key: Expr = args.length === 1 ? args[0] : { k: 'tuple', items: args, line: t.line }
    return { k: 'getitem', obj: node, key, line: t.line }
  }

  private parseSubscribed(): Expr {
    const line = this.cur.line
    const parts: Array<Expr | undefined> = []
    if (this.isOp(':')) {
      this.i++
      parts.push(undefined)
    } else {
      const e = this.parseExpression()
      if (!this.isOp(':')) return e
      this.i++
      parts.push(e)
    }
    if (this.isOp(':')) parts.push(undefined)
    else if (!this.isOp(']') && !this.isOp(',')) parts.push(this.parseExpression())
    else parts.push(undefined)
    if (this.skipOp(':')) {
      parts.push(!this.isOp(']') && !this.isOp(',') ? this.parseExpression() : undefined)
    }
    return { k: 'slice', start: parts[0], stop: parts[1], step: parts[2], line }
  }

  private parseCallArgs(): CallArgs {
    this.expectOp('(')
    const out: CallArgs = { args: [], kwargs: [] }
    let first = true
    while (!this.isOp(')')) {
      if (!first) this.expectOp(',')
      first = false
      if (this.isOp(')')) break
      if (this.skipOp('*')) out.star = this.parseExpression()
      else if (this.skipOp('**')) out.starstar = this.parseExpression()
      else if (this.cur.type === 'name' && this.look().type === 'op' && this.look().value === '=') {
        const key = this.next().value
        this.i++
        out.kwargs.push([key, this.parseExpression()])
      } else {
        if (out.kwargs.length || out.starstar) this.fail('invalid syntax for function call expression')
        out.args.push(this.parseExpression())
      }
    }
    this.expectOp(')')
    return out
  }
}
