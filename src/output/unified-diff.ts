/**
 * Python's `difflib.unified_diff` over lines, with SequenceMatcher's matching (longest common
 * block first, recursively), so that hunks split exactly where Ansible's `--diff` splits them.
 */
type Opcode = ['equal' | 'replace' | 'delete' | 'insert', number, number, number, number]

function indexOf(b: string[]): Map<string, number[]> {
  const b2j = new Map<string, number[]>()
  b.forEach((line, j) => {
    const list = b2j.get(line)
    if (list) list.push(j)
    else b2j.set(line, [j])
  })
  // difflib's autojunk: in long sequences, very common lines are not used to anchor matches.
  if (b.length >= 200) {
    const limit = Math.floor(b.length / 100) + 1
    for (const [line, list] of b2j) if (list.length > limit) b2j.delete(line)
  }
  return b2j
}

function longestMatch(a: string[], b: string[], b2j: Map<string, number[]>, alo: number, ahi: number, blo: number, bhi: number): [number, number, number] {
  let [besti, bestj, bestsize] = [alo, blo, 0]
  let j2len = new Map<number, number>()
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>()
    for (const j of b2j.get(a[i]!) ?? []) {
      if (j < blo) continue
      if (j >= bhi) break
      const k = (j2len.get(j - 1) ?? 0) + 1
      next.set(j, k)
      if (k > bestsize) [besti, bestj, bestsize] = [i - k + 1, j - k + 1, k]
    }
    j2len = next
  }
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) [besti, bestj, bestsize] = [besti - 1, bestj - 1, bestsize + 1]
  while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++
  return [besti, bestj, bestsize]
}

function matchingBlocks(a: string[], b: string[]): [number, number, number][] {
  const b2j = indexOf(b)
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]]
  const blocks: [number, number, number][] = []
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop()!
    const [i, j, k] = longestMatch(a, b, b2j, alo, ahi, blo, bhi)
    if (!k) continue
    blocks.push([i, j, k])
    if (alo < i && blo < j) queue.push([alo, i, blo, j])
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi])
  }
  blocks.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2])
  const merged: [number, number, number][] = []
  let [i1, j1, k1] = [0, 0, 0]
  for (const [i2, j2, k2] of blocks) {
    if (i1 + k1 === i2 && j1 + k1 === j2) k1 += k2
    else {
      if (k1) merged.push([i1, j1, k1])
      ;[i1, j1, k1] = [i2, j2, k2]
    }
  }
  if (k1) merged.push([i1, j1, k1])
  merged.push([a.length, b.length, 0])
  return merged
}

function opcodes(a: string[], b: string[]): Opcode[] {
  const out: Opcode[] = []
  let [i, j] = [0, 0]
  for (const [ai, bj, size] of matchingBlocks(a, b)) {
    const tag = i < ai && j < bj ? 'replace' : i < ai ? 'delete' : j < bj ? 'insert' : undefined
    if (tag) out.push([tag, i, ai, j, bj])
    ;[i, j] = [ai + size, bj + size]
    if (size) out.push(['equal', ai, i, bj, j])
  }
  return out
}

function grouped(a: string[], b: string[], n: number): Opcode[][] {
  const codes = opcodes(a, b)
  if (codes.length === 0) codes.push(['equal', 0, 1, 0, 1])
  const first = codes[0]!
  if (first[0] === 'equal') codes[0] = ['equal', Math.max(first[1], first[2] - n), first[2], Math.max(first[3], first[4] - n), first[4]]
  const last = codes[codes.length - 1]!
  if (last[0] === 'equal') codes[codes.length - 1] = ['equal', last[1], Math.min(last[2], last[1] + n), last[3], Math.min(last[4], last[3] + n)]
  const groups: Opcode[][] = []
  let group: Opcode[] = []
  for (const code of codes) {
    let [tag, i1, i2, j1, j2] = code
    if (tag === 'equal' && i2 - i1 > 2 * n) {
      group.push([tag, i1, Math.min(i2, i1 + n), j1, Math.min(j2, j1 + n)])
      groups.push(group)
      group = []
      ;[i1, j1] = [Math.max(i1, i2 - n), Math.max(j1, j2 - n)]
    }
    group.push([tag, i1, i2, j1, j2])
  }
  if (group.length && !(group.length === 1 && group[0]![0] === 'equal')) groups.push(group)
  return groups
}

function range(start: number, stop: number): string {
  const length = stop - start
  if (length === 1) return String(start + 1)
  return `${length ? start + 1 : start},${length}`
}

/** Lines keep their own line endings, as `splitlines(True)` leaves them. */
export function unifiedDiff(a: string[], b: string[], fromFile: string, toFile: string, context = 3): string[] {
  const out: string[] = []
  for (const group of grouped(a, b, context)) {
    if (out.length === 0) out.push(`--- ${fromFile}\n`, `+++ ${toFile}\n`)
    const [first, last] = [group[0]!, group[group.length - 1]!]
    out.push(`@@ -${range(first[1], last[2])} +${range(first[3], last[4])} @@\n`)
    for (const [tag, i1, i2, j1, j2] of group) {
      if (tag === 'equal') {
        for (const line of a.slice(i1, i2)) out.push(' ' + line)
        continue
      }
      if (tag === 'replace' || tag === 'delete') for (const line of a.slice(i1, i2)) out.push('-' + line)
      if (tag === 'replace' || tag === 'insert') for (const line of b.slice(j1, j2)) out.push('+' + line)
    }
  }
  return out
}
