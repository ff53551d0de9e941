/** The template AST: expressions (Expr) and statements (Stmt). `line` is the template line. */

export interface CallArgs {
  args: Expr[]
  kwargs: Array<[string, Expr]>
  star?: Expr
  starstar?: Expr
}

export type Expr =
  | { k: 'const'; value: unknown; line: number }
  | { k: 'name'; name: string; line: number }
  | { k: 'getattr'; obj: Expr; attr: string; line: number }
  | { k: 'getitem'; obj: Expr; key: Expr; line: number }
  | { k: 'slice'; start?: Expr; stop?: Expr; step?: Expr; line: number }
  | { k: 'list'; items: Expr[]; line: number }
  | { k: 'tuple'; items: Expr[]; line: number }
  | { k: 'dict'; pairs: Array<[Expr, Expr]>; line: number }
  | { k: 'call'; fn: Expr; call: CallArgs; line: number }
  | { k: 'filter'; node: Expr | null; name: string; call: CallArgs; line: number }
  | { k: 'test'; node: Expr; name: string; call: CallArgs; line: number }
  | { k: 'not'; node: Expr; line: number }
  | { k: 'neg'; node: Expr; line: number }
  | { k: 'pos'; node: Expr; line: number }
  | { k: 'binop'; op: string; left: Expr; right: Expr; line: number }
  | { k: 'and'; left: Expr; right: Expr; line: number }
  | { k: 'or'; left: Expr; right: Expr; line: number }
  | { k: 'compare'; first: Expr; ops: Array<[string, Expr]>; line: number }
  | { k: 'concat'; nodes: Expr[]; line: number }
  | { k: 'cond'; test: Expr; yes: Expr; no?: Expr; line: number }

export type Target =
  | { k: 'name'; name: string }
  | { k: 'nsattr'; ns: string; attr: string }
  | { k: 'tuple'; items: Target[] }

export interface MacroDef {
  name: string
  params: Array<{ name: string; def?: Expr }>
  body: Stmt[]
}

export type Stmt =
  | { k: 'data'; text: string }
  | { k: 'output'; expr: Expr; line: number }
  | { k: 'if'; branches: Array<{ test: Expr; body: Stmt[] }>; else?: Stmt[]; line: number }
  | { k: 'for'; target: Target; iter: Expr; filter?: Expr; body: Stmt[]; else?: Stmt[]; recursive: boolean; line: number }
  | { k: 'set'; target: Target; value: Expr; line: number }
  | { k: 'setblock'; target: Target; filters: Expr[]; body: Stmt[]; line: number }
  | { k: 'macro'; def: MacroDef; line: number }
  | { k: 'callblock'; call: Expr; params: MacroDef['params']; body: Stmt[]; line: number }
  | { k: 'filterblock'; filters: Expr[]; body: Stmt[]; line: number }
  | { k: 'include'; template: Expr; ignoreMissing: boolean; withContext: boolean; line: number }
  | { k: 'with'; targets: Array<[Target, Expr]>; body: Stmt[]; line: number }
  | { k: 'do'; expr: Expr; line: number }
