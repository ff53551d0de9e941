/**
 * Ansible's "The error appears to be in …" excerpt (AnsibleError._get_extended_error, 2.14): the
 * position, the line before and the line itself with an arrow, and hints for common YAML mistakes.
 * Runtime errors that Ansible ties to a task (an undefined variable in its arguments) carry it.
 */
import { readFileSync } from 'node:fs'
import type { SourcePosition } from '../errors.js'

const POSITION = (file: string, line: number, col: number) =>
  `The error appears to be in '${file}': line ${line}, column ${col}, but may\nbe elsewhere in the file depending on the exact syntax problem.\n`

const DICT_ERROR = `This one looks easy to fix. YAML thought it was looking for the start of a
hash/dictionary and was confused to see a second "{". Most likely this was
meant to be an ansible template evaluation instead, so we have to give the
parser a small hint that we wanted a string instead. The solution here is to
just quote the entire value.

For instance, if the original line was:

    app_path: {{ base_path }}/foo

It should be written as:

    app_path: "{{ base_path }}/foo"
`

const UNQUOTED_VARIABLE_ERROR = `We could be wrong, but this one looks like it might be an issue with
missing quotes. Always quote template expression brackets when they
start a value. For instance:

    with_items:
      - {{ foo }}

Should be written as:

    with_items:
      - "{{ foo }}"
`

const UNQUOTED_COLON_ERROR = `This one looks easy to fix. There seems to be an extra unquoted colon in the line
and this is confusing the parser. It was only expecting to find one free
colon. The solution is just add some quotes around the colon, or quote the
entire line after the first colon.

For instance, if the original line was:

    copy: src=file.txt dest=/path/filename:with_colon.txt

It can be written as:

    copy: src=file.txt dest='/path/filename:with_colon.txt'

Or:

    copy: 'src=file.txt dest=/path/filename:with_colon.txt'
`

const PARTIALLY_QUOTED_LINE_ERROR = `This one looks easy to fix. It seems that there is a value started
with a quote, and the YAML parser is expecting to see the line ended
with the same kind of quote. For instance:

    when: "ok" in result.stdout

Could be written as:

   when: '"ok" in result.stdout'

Or equivalently:

   when: "'ok' in result.stdout"
`

const UNBALANCED_QUOTES_ERROR = `We could be wrong, but this one looks like it might be an issue with
unbalanced quotes. If starting a value with a quote, make sure the
line ends with the same set of quotes. For instance this arbitrary
example:

    foo: "bad" "wolf"

Could be written as:

    foo: '"bad" "wolf"'
`

const LEADING_TAB_ERROR = `There appears to be a tab character at the start of the line.

YAML does not use tabs for formatting. Tabs should be replaced with spaces.

For example:
    - name: update tooling
      vars:
        version: 1.2.3
#    ^--- there is a tab there.

Should be written as:
    - name: update tooling
      vars:
        version: 1.2.3
# ^--- all spaces here.
`

const AND_SHORTHAND_ERROR = "There appears to be both 'k=v' shorthand syntax and YAML in this task. Only one syntax may be used.\n"

/** The target line (backing up over blank ones) and the line before it, with their newlines. */
function errorLines(lines: string[], index: number): [target: string, prev: string] {
  let i = Math.min(index, lines.length - 1)
  while (i > 0 && !lines[i]!.trim()) i--
  return [lines[i] ?? '', i > 0 ? lines[i - 1]! : '']
}

function quotingHints(target: string): string {
  const parts = target.split(':')
  if (parts.length <= 1) return ''
  const middle = parts[1]!.trim()
  const match = (middle.startsWith("'") && !middle.endsWith("'")) || (middle.startsWith('"') && !middle.endsWith('"'))
  const count = (q: string) => target.split(q).length - 1
  // Python's precedence: (a and b and c and d) or e.
  const unbalanced = (middle.length > 0 && `"'`.includes(middle[0]!) && `"'`.includes(middle[middle.length - 1]!) && count("'") > 2) || count('"') > 2
  return (match ? PARTIALLY_QUOTED_LINE_ERROR : '') + (unbalanced ? UNBALANCED_QUOTES_ERROR : '')
}

export function errorExcerpt(where: SourcePosition): string {
  if (!where.file || where.line === undefined) return ''
  const col = where.col ?? 1
  let text = POSITION(where.file, where.line, col)
  let lines: string[]
  try {
    lines = readFileSync(where.file, 'utf8').split(/(?<=\n)/)
  } catch {
    return text + '\n(could not open file to display line)'
  }
  const [target, prev] = errorLines(lines, where.line - 1)
  if (!target) return text
  if (/\w+(\s+)?=(\s+)?[\w/-]+/.test(prev)) {
    const position = prev.trimEnd().indexOf('=')
    text = POSITION(where.file, where.line - 1, position + 1)
    text += `\nThe offending line appears to be:\n\n${prev.trimEnd()}\n${' '.repeat(position)}^ here\n\n${AND_SHORTHAND_ERROR}`
  } else {
    text += `\nThe offending line appears to be:\n\n${prev.trimEnd()}\n${target.trimEnd()}\n${' '.repeat(col - 1)}^ here\n`
  }
  if (target.includes('\t')) text += LEADING_TAB_ERROR
  const stripped = target.replace(/ /g, '')
  if (target.includes('{{') && target.includes('}}') && (!target.includes('"{{') || !target.includes("'{{"))) text += UNQUOTED_VARIABLE_ERROR
  else if (stripped.includes(':{{') && stripped.includes('}}')) text += DICT_ERROR
  else if (target.length > 1 && target.length > col && target[col] === ':' && target.split(':').length - 1 > 1) text += UNQUOTED_COLON_ERROR
  else text += quotingHints(target)
  return text
}

/** An error message with the excerpt appended, as AnsibleError.message joins them. */
export function withExcerpt(message: string, where: SourcePosition): string {
  const excerpt = errorExcerpt(where)
  return excerpt ? `${message}\n\n${excerpt}` : message
}
