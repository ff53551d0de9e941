/** `--diff` output as Ansible's callbacks print it (`_get_diff`, reference §6.4). */
import { COLORS, type Colorize } from './color.js'
import { pyJsonDumps } from './pyjson.js'
import { unifiedDiff } from './unified-diff.js'

type DiffEntry = Record<string, unknown>

/** Python's `str.splitlines(True)`, for the line breaks diffs meet in files. */
function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? []
}

function side(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return pyJsonDumps(value, { indent: 4, sortKeys: true }) + '\n'
  return String(value)
}

function lines(value: unknown): string[] {
  const out = splitLines(side(value))
  if (out.length && !out[out.length - 1]!.endsWith('\n')) out[out.length - 1] += '\n\\ No newline at end of file\n'
  return out
}

export function formatDiff(diff: unknown, colorize: Colorize, context = 3): string {
  const entries = (Array.isArray(diff) ? diff : [diff]).filter((d): d is DiffEntry => Boolean(d) && typeof d === 'object')
  const out: string[] = []
  for (const entry of entries) {
    if ('dst_binary' in entry) out.push('diff skipped: destination file appears to be binary\n')
    if ('src_binary' in entry) out.push('diff skipped: source file appears to be binary\n')
    if ('dst_larger' in entry) out.push(`diff skipped: destination file size is greater than ${String(entry.dst_larger)}\n`)
    if ('src_larger' in entry) out.push(`diff skipped: source file size is greater than ${String(entry.src_larger)}\n`)
    if ('before' in entry && 'after' in entry) {
      const before = 'before_header' in entry ? `before: ${String(entry.before_header)}` : 'before'
      const after = 'after_header' in entry ? `after: ${String(entry.after_header)}` : 'after'
      const diffLines = unifiedDiff(lines(entry.before), lines(entry.after), before, after, context)
      for (const line of diffLines) {
        const color = line.startsWith('+') ? COLORS.diffAdd : line.startsWith('-') ? COLORS.diffRemove : line.startsWith('@@') ? COLORS.diffLines : undefined
        out.push(color ? colorize(line, color) : line)
      }
      if (diffLines.length) out.push('\n')
    }
    if (typeof entry.prepared === 'string') out.push(entry.prepared)
  }
  return out.join('')
}
