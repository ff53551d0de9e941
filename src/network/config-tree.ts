/**
 * Device configuration as a tree of lines (a section's lines are indented under it), and what of
 * a wanted configuration the running one lacks, as the commands to send: missing lines in the
 * wanted order, each preceded by the section lines that lead to it. Pure.
 */
export interface ConfigLine {
  text: string
  children: ConfigLine[]
}

/** Parses indented configuration text; lines matching `ignore` (comments, `end`) and blank lines are dropped. */
export function parseConfig(text: string, ignore: readonly RegExp[] = []): ConfigLine[] {
  const roots: ConfigLine[] = []
  const stack: { indent: number; line: ConfigLine }[] = []
  for (const raw of text.split(/\r?\n/)) {
    const trimmed = raw.trim()
    if (trimmed === '' || ignore.some((re) => re.test(trimmed))) continue
    const indent = raw.length - raw.trimStart().length
    while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop()
    const line: ConfigLine = { text: trimmed, children: [] }
    if (stack.length) stack[stack.length - 1]!.line.children.push(line)
    else roots.push(line)
    stack.push({ indent, line })
  }
  return roots
}

/** `lines` under the section chain `parents` (ios_config's lines/parents), as a tree. */
export function treeFromLines(lines: readonly string[], parents: readonly string[] = []): ConfigLine[] {
  let level: ConfigLine[] = lines.map((text) => ({ text: text.trim(), children: [] }))
  for (const parent of [...parents].reverse()) level = [{ text: parent.trim(), children: level }]
  return level
}

export type MatchMode = 'line' | 'none'

/**
 * The commands that bring `running` to contain `wanted`. With match `none` every wanted line is
 * sent. A section line is re-sent before its children unless the device is already in that section.
 */
export function commandsFor(wanted: readonly ConfigLine[], running: readonly ConfigLine[], match: MatchMode = 'line'): string[] {
  const commands: string[] = []
  /** The section chain the device is in after the last command sent. */
  let inside: string[] = []
  const emit = (line: ConfigLine, parents: string[]): void => {
    const sameSection = parents.length === inside.length && parents.every((p, i) => p === inside[i])
    if (parents.length > 0 && !sameSection) commands.push(...parents)
    commands.push(line.text)
    inside = line.children.length ? [...parents, line.text] : parents
  }
  const walk = (lines: readonly ConfigLine[], present: readonly ConfigLine[] | undefined, parents: string[]): void => {
    for (const line of lines) {
      const existing = match === 'line' ? present?.find((p) => p.text === line.text) : undefined
      if (!existing) emit(line, parents)
      walk(line.children, existing?.children, [...parents, line.text])
    }
  }
  walk(wanted, running, [])
  return commands
}
