/** `serial`: a number, a percentage, or a list of them whose last entry repeats (reference §3.1). */
import { ParseError, type SourcePosition } from '../errors.js'

function batchSize(entry: unknown, total: number, where: SourcePosition): number {
  if (typeof entry === 'number') return Math.max(1, Math.floor(entry))
  const text = String(entry).trim()
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(text)
  if (pct) return Math.max(1, Math.floor((Number(pct[1]) / 100) * total))
  if (/^\d+$/.test(text)) return Math.max(1, Number(text))
  throw new ParseError(`serial must be a number, a percentage or a list of them, found '${text}'`, where)
}

export function serialBatches(hosts: string[], serial: unknown, where: SourcePosition): string[][] {
  if (serial === undefined || serial === null || serial === 0 || serial === '0') return [hosts]
  const sizes = Array.isArray(serial) ? serial : [serial]
  if (sizes.length === 0) return [hosts]
  const batches: string[][] = []
  let index = 0
  let next = 0
  while (next < hosts.length) {
    const size = batchSize(sizes[Math.min(index, sizes.length - 1)], hosts.length, where)
    batches.push(hosts.slice(next, next + size))
    next += size
    index++
  }
  return batches
}
