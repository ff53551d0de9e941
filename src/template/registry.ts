/** The shapes of filters, tests and lookups, and what they may see of the running template. */

export interface TemplateEnv {
  /** Call another filter or test (map, select, selectattr...). */
  filter(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown
  test(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>): boolean
  hasTest(name: string): boolean
  hasFilter(name: string): boolean
  /** Jinja's environment.getattr / getitem (for `attribute=` arguments). */
  getAttr(obj: unknown, name: string): unknown
  getItem(obj: unknown, key: unknown): unknown
  /** A variable resolved as the template sees it (lazy templating applied), or Undefined. */
  resolveVar(name: string): unknown
  /** The raw vars object given to render. */
  readonly vars: Record<string, unknown>
  /** Directories searched by file lookups and includes. */
  readonly searchPath: string[]
  /** A file found in the search path (each directory's `subdir`, e.g. files/ or templates/, first). */
  findFile(name: string, subdir?: string): string | null
  /** Render another template string against the same vars (template lookup, nested vars). */
  renderString(template: string, extraVars?: Record<string, unknown>, opts?: { native?: boolean; file?: boolean }): unknown
  /** A compiled Python regular expression (cached per Templar). */
  regex(pattern: string, flags?: { ignorecase?: boolean; multiline?: boolean }): RegExp
  /** Results of lookups are marked unsafe, as Ansible does unless allow_unsafe=True. */
  noteUnsafe(): void
}

export type FilterFn = (env: TemplateEnv, value: unknown, args: unknown[], kwargs: Record<string, unknown>) => unknown
export type TestFn = (env: TemplateEnv, value: unknown, args: unknown[], kwargs: Record<string, unknown>) => boolean
export type LookupFn = (env: TemplateEnv, terms: unknown[], kwargs: Record<string, unknown>) => unknown[]

export interface FilterDef {
  fn: FilterFn
  /** Receives Undefined input instead of failing on it (default, mandatory...). */
  undefinedOk?: boolean
  /** Output stays a string: never literal_eval'd into a list/dict (Ansible's STRING_TYPE_FILTERS). */
  stringType?: boolean
}

export interface TestDef {
  fn: TestFn
  undefinedOk?: boolean
}

export type FilterTable = Record<string, FilterDef | FilterFn>
export type TestTable = Record<string, TestDef | TestFn>

export class Registry<D extends { fn: unknown }> {
  private readonly map = new Map<string, D>()

  add(table: Record<string, D | D['fn']>): this {
    for (const [name, d] of Object.entries(table)) {
      this.map.set(name, (typeof d === 'function' ? { fn: d } : d) as D)
    }
    return this
  }

  /** `ansible.builtin.x` and `ansible.legacy.x` answer to `x`. */
  get(name: string): D | undefined {
    return this.map.get(name) ?? this.map.get(name.replace(/^ansible\.(builtin|legacy)\./, ''))
  }

  has(name: string): boolean {
    return this.get(name) !== undefined
  }

  names(): string[] {
    return [...this.map.keys()]
  }
}
