export const REDACTED = '********'
const MIN_LINE_LENGTH = 6

export interface SecretRegistryOptions {
  /** What replaces a secret in output. */
  mask?: string
}

/**
 * Values that must never be shown: vault plaintext, no_log values, become and connection
 * passwords. One registry per run is passed to whatever reveals secrets and to the reporters,
 * which call redact() on every string before it leaves the process.
 */
export class SecretRegistry {
  readonly mask: string
  private readonly secrets = new Set<string>()
  private pattern: RegExp | undefined

  constructor(opts: SecretRegistryOptions = {}) {
    this.mask = opts.mask ?? REDACTED
  }

  /**
   * Register a secret. A multi-line value (a decrypted file, a key) also registers each of its
   * lines, so printing one line of it is caught too; JSON-escaped spellings are registered so a
   * reporter that serialises first and redacts after still matches.
   */
  add(value: string): void {
    const before = this.secrets.size
    for (const variant of variantsOf(value)) this.secrets.add(variant)
    if (this.secrets.size !== before) this.pattern = undefined
  }

  /** Register every string leaf of a parsed structure (the values of a decrypted vars file). */
  addLeaves(data: unknown): void {
    if (typeof data === 'string') this.add(data)
    else if (Array.isArray(data)) for (const item of data) this.addLeaves(item)
    else if (data !== null && typeof data === 'object' && Object.getPrototypeOf(data) === Object.prototype) {
      for (const v of Object.values(data)) this.addLeaves(v)
    }
  }

  has(value: string): boolean {
    return this.secrets.has(value)
  }

  get size(): number {
    return this.secrets.size
  }

  /** The text with every registered secret replaced by the mask. */
  redact(text: string): string {
    if (this.secrets.size === 0 || text.length === 0) return text
    return text.replace(this.regexp(), this.mask)
  }

  /** A copy of a JSON-like value with every string (keys included) redacted. */
  redactDeep<T>(value: T): T {
    return this.walk(value, new WeakMap()) as T
  }

  private walk(value: unknown, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === 'string') return this.redact(value)
    if (value === null || typeof value !== 'object') return value
    if (seen.has(value)) return seen.get(value)
    if (Array.isArray(value)) {
      const out: unknown[] = []
      seen.set(value, out)
      for (const item of value) out.push(this.walk(item, seen))
      return out
    }
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
      // Class instances (a VaultedValue, a Buffer) are left to their own toJSON; they hold no plaintext.
      return value
    }
    const out: Record<string, unknown> = {}
    seen.set(value, out)
    for (const [k, v] of Object.entries(value)) out[this.redact(k)] = this.walk(v, seen)
    return out
  }

  private regexp(): RegExp {
    if (!this.pattern) {
      // Longest first, so a secret that contains another is masked whole.
      const sorted = [...this.secrets].sort((a, b) => b.length - a.length)
      this.pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g')
    }
    return this.pattern
  }
}

function variantsOf(value: string): string[] {
  const out: string[] = []
  const push = (s: string): void => {
    if (s.trim() === '') return
    out.push(s)
    const escaped = JSON.stringify(s).slice(1, -1)
    if (escaped !== s) out.push(escaped)
  }
  push(value)
  const trimmed = value.trim()
  if (trimmed !== value) push(trimmed)
  // Single lines of a multi-line secret are masked too, except very short ones ('}', '---') which
  // would blank out unrelated output.
  if (/[\r\n]/.test(trimmed)) {
    for (const line of trimmed.split(/\r?\n/)) if (line.trim().length >= MIN_LINE_LENGTH) push(line.trim())
  }
  return out
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
