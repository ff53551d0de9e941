/**
 * Values that came from hosts (registered results, facts, command output) are data, never
 * templates: a stdout containing `{{ }}` must not be evaluated later.
 *
 * Containers are branded with a non-enumerable symbol (invisible to JSON, Object.keys and
 * deepEqual). A bare string cannot carry a brand, so it becomes a String object; the template
 * engine reads String objects as plain strings and never renders them.
 */
export const UNSAFE: unique symbol = Symbol.for('drover.unsafe')

function brand(o: object): void {
  if (!Object.isExtensible(o) || Object.hasOwn(o, UNSAFE)) return
  Object.defineProperty(o, UNSAFE, { value: true, enumerable: false })
}

export function markUnsafe<T>(value: T): T {
  if (typeof value === 'string') {
    const boxed = new String(value)
    brand(boxed)
    return boxed as unknown as T
  }
  markDeep(value, new Set())
  return value
}

function markDeep(v: unknown, seen: Set<object>): void {
  if (typeof v !== 'object' || v === null || seen.has(v)) return
  seen.add(v)
  brand(v)
  if (Array.isArray(v)) for (const x of v) markDeep(x, seen)
  else for (const k of Object.keys(v)) markDeep((v as Record<string, unknown>)[k], seen)
}

export function isUnsafe(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[UNSAFE] === true
}
