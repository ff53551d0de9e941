/**
 * What the golden comparison is allowed to ignore, and nothing else: timing values, completion
 * order of results within one task, and lines an exception names with its reason.
 */
const ANSI = /\u001b\[[0-9;]*m/g
const TIMING = /("(?:delta|start|end)": )"[^"]*"/g
const BANNER = /^(PLAY|TASK|RUNNING HANDLER|PLAY RECAP|PLAYBOOK:|NO MORE HOSTS LEFT)( \[.*\])? \*+$/
const RESULT_START = /^(ok|changed|skipping|fatal|failed|included|FAILED - RETRYING): /
const DIFF_START = /^(--- before|diff skipped)/

export interface GoldenException {
  /** `case.yml` or `*`; mode name or `*`. */
  case: string
  mode: string
  /** Lines matching this are dropped from both outputs. */
  line: RegExp
  reason: string
}

function plain(line: string): string {
  return line.replace(ANSI, '')
}

/** Splits a task's lines into result entries (a result line, its continuation, its diff and `...ignoring`). */
function entries(lines: string[]): string[][] {
  const out: string[][] = []
  let current: string[] | undefined
  let awaitingResult = false
  for (const line of lines) {
    const text = plain(line)
    if (DIFF_START.test(text) && !awaitingResult) {
      current = [line]
      out.push(current)
      awaitingResult = true
    } else if (RESULT_START.test(text) && !awaitingResult) {
      current = [line]
      out.push(current)
    } else if (current) {
      current.push(line)
      if (RESULT_START.test(text)) awaitingResult = false
    } else {
      out.push([line])
    }
  }
  return out
}

export function normalizeGolden(text: string, drop: RegExp[]): string[] {
  const lines: string[] = []
  for (const line of text.replace(TIMING, '$1"<TIME>"').split('\n')) {
    if (!drop.some((re) => re.test(plain(line)))) lines.push(line)
    // A dropped banner takes its blank line with it.
    else if (BANNER.test(plain(line)) && lines[lines.length - 1] === '') lines.pop()
  }
  const out: string[] = []
  let block: string[] = []
  const flush = () => {
    // The blank line before the next banner stays last.
    let trailing = 0
    while (block.length > trailing && block[block.length - 1 - trailing] === '') trailing++
    const tail = block.splice(block.length - trailing)
    const sorted = entries(block).sort((a, b) => (a.join('\n') < b.join('\n') ? -1 : a.join('\n') > b.join('\n') ? 1 : 0))
    for (const entry of sorted) out.push(...entry)
    out.push(...tail)
    block = []
  }
  for (const line of lines) {
    if (BANNER.test(plain(line))) {
      flush()
      out.push(line)
    } else {
      block.push(line)
    }
  }
  flush()
  return out
}
