import { FILE_COMMON_ALIASES, FILE_COMMON_PROPERTIES, unsupportedCommonArg } from '../src/module/file-common-args.js'
import type { ModeSpec } from '../src/module/file-mode.js'
import { pyRegex, pySearch, pyExpand } from '../src/module/py-regex.js'
import { contentDiffOf, gatherText, planTextEdit, readLines, type TextFacts } from '../src/module/text-edit.js'
import type { Plan, StateModule } from '../src/module/types.js'

export interface LineinfileArgs {
  path: string
  line?: string
  regexp?: string
  search_string?: string
  state: 'present' | 'absent'
  insertafter?: string
  insertbefore?: string
  create: boolean
  backrefs: boolean
  firstmatch: boolean
  backup: boolean
  validate?: string
  mode?: ModeSpec
  owner?: string
  group?: string
  [key: string]: unknown
}

interface Edit {
  lines: string[]
  changed: boolean
  msg: string
  found?: number
}

/** ansible-core's lineinfile `present`, on lines as Python's readlines() gives them. */
export function presentEdit(lines: string[], args: LineinfileArgs): Edit {
  const line = args.line!
  const { insertafter, insertbefore, regexp, search_string, firstmatch } = args
  const re = regexp !== undefined ? pyRegex(regexp) : undefined
  const ins = insertafter !== undefined && insertafter !== 'BOF' && insertafter !== 'EOF' ? pyRegex(insertafter) : insertbefore !== undefined && insertbefore !== 'BOF' ? pyRegex(insertbefore) : undefined
  const index = [-1, -1]
  let match: RegExpExecArray | boolean | null = null
  let exactLineMatch = false
  if (re) {
    for (const [n, cur] of lines.entries()) {
      const m = pySearch(re, cur)
      if (m) {
        index[0] = n
        match = m
        if (firstmatch) break
      }
    }
  }
  if (search_string !== undefined) {
    for (const [n, cur] of lines.entries()) {
      if (cur.includes(search_string)) {
        index[0] = n
        match = true
        if (firstmatch) break
      }
    }
  }
  if (!match) {
    for (const [n, cur] of lines.entries()) {
      if (line === cur.replace(/[\r\n]+$/, '')) {
        index[0] = n
        exactLineMatch = true
      } else if (ins && pySearch(ins, cur)) {
        if (insertafter !== undefined) {
          index[1] = n + 1
          if (firstmatch) break
        }
        if (insertbefore !== undefined) {
          index[1] = n
          if (firstmatch) break
        }
      }
    }
  }
  const out = [...lines]
  const strip = (s: string | undefined) => (s ?? '').replace(/[\r\n]+$/, '')
  const add = (at: number): Edit => {
    out.splice(at, 0, line + '\n')
    return { lines: out, changed: true, msg: 'line added' }
  }
  const same: Edit = { lines: out, changed: false, msg: '' }
  const endsOpen = () => out.length > 0 && !/[\n\r]$/.test(out[out.length - 1]!)
  if (index[0] !== -1) {
    let newLine = args.backrefs && match && typeof match !== 'boolean' ? pyExpand(line, match) : line
    if (!newLine.endsWith('\n')) newLine += '\n'
    if (regexp === undefined && search_string === undefined && !match && !exactLineMatch) {
      // unreachable in practice (index[0] is only set by a match), kept for parity with ansible-core
      return same
    }
    if (out[index[0]] !== newLine) {
      out[index[0]] = newLine
      return { lines: out, changed: true, msg: 'line replaced' }
    }
    return same
  }
  if (args.backrefs) return same
  if (insertbefore === 'BOF' || insertafter === 'BOF') return add(0)
  if (insertafter === 'EOF' || index[1] === -1) {
    if (endsOpen()) out.push('\n')
    return add(out.length)
  }
  if (insertafter !== undefined && index[1] !== -1) {
    if (out.length === index[1]) return strip(out[index[1] - 1]) !== line ? add(out.length) : same
    return line !== strip(out[index[1]]) ? add(index[1]) : same
  }
  return add(index[1])
}

export function absentEdit(lines: string[], args: LineinfileArgs): Edit {
  const re = args.regexp !== undefined ? pyRegex(args.regexp) : undefined
  let found = 0
  const kept = lines.filter((cur) => {
    const hit = re ? !!pySearch(re, cur) : args.search_string !== undefined ? cur.includes(args.search_string) : args.line === cur.replace(/[\r\n]+$/, '')
    if (hit) found++
    return !hit
  })
  return { lines: kept, changed: found > 0, msg: found > 0 ? `${found} line(s) removed` : '', found }
}

function validateArgs(args: LineinfileArgs): string | undefined {
  if (args.regexp !== undefined && args.search_string !== undefined) return 'parameters are mutually exclusive: regexp|search_string'
  if (args.insertafter !== undefined && args.insertbefore !== undefined) return 'parameters are mutually exclusive: insertbefore|insertafter'
  if (args.state === 'present') {
    if (args.backrefs && args.regexp === undefined) return 'regexp is required with backrefs=true'
    if (args.line === undefined) return 'line is required with state=present'
  } else if (args.regexp === undefined && args.search_string === undefined && args.line === undefined) {
    return 'one of line, search_string, or regexp is required with state=absent'
  }
  return unsupportedCommonArg(args)
}

export const lineinfile: StateModule<LineinfileArgs, TextFacts> = {
  kind: 'state',
  name: 'lineinfile',
  shortDescription: 'Manage lines in text files',
  description:
    'Ensures a particular line is in a file, or replaces an existing line using a back-referenced regular expression ' +
    '(Python re syntax). Use replace for several lines, blockinfile for a block.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['path'],
    aliases: { dest: 'path', destfile: 'path', name: 'path', regex: 'regexp', value: 'line', ...FILE_COMMON_ALIASES },
    properties: {
      path: { type: 'string', description: 'The file to modify (also: dest, destfile, name).' },
      regexp: { type: 'string', description: 'Python regular expression looked for in every line. present: the last match is replaced; absent: all matching lines are removed.' },
      search_string: { type: 'string', description: 'A literal string looked for in every line, instead of regexp.' },
      state: { type: 'string', enum: ['absent', 'present'], default: 'present', description: 'Whether the line should be there or not.' },
      line: { type: 'string', description: 'The line to insert/replace (required with state=present). With backrefs it may hold \\1 and \\g<name>.' },
      backrefs: { type: 'boolean', default: false, description: 'Expand backreferences of regexp in line; if regexp matches nothing the file is left alone.' },
      insertafter: { type: 'string', description: 'EOF, BOF or a regex: insert after the last line matching it (EOF if none matches).' },
      insertbefore: { type: 'string', description: 'BOF or a regex: insert before the last line matching it.' },
      create: { type: 'boolean', default: false, description: 'Create the file if it does not exist (otherwise the task fails).' },
      backup: { type: 'boolean', default: false, description: 'Create a backup file including the timestamp.' },
      firstmatch: { type: 'boolean', default: false, description: 'Use the first line matching insertafter/insertbefore instead of the last.' },
      validate: { type: 'string', description: 'Command validating the new file before it is put in place; %s is its path.' },
      ...FILE_COMMON_PROPERTIES,
    },
  },
  returns: {
    msg: { type: 'str', description: "'line added', 'line replaced', 'N line(s) removed' or ''." },
    backup: { type: 'str', description: 'The backup file name, or empty.' },
    found: { type: 'int', description: 'Number of lines removed (state=absent).' },
  },
  examples: [
    '- name: Disable SELinux',
    '  ansible.builtin.lineinfile:',
    '    path: /etc/selinux/config',
    "    regexp: '^SELINUX='",
    '    line: SELINUX=disabled',
  ].join('\n'),

  gather(args, host) {
    return gatherText(host, args.path, args)
  },

  plan(args, facts, options): Plan {
    const invalid = validateArgs(args)
    if (invalid) return { changed: false, failed: true, msg: invalid }
    const st = facts.dest.stat?.type === 'link' ? facts.dest.target : facts.dest.stat
    if (st?.type === 'directory') return { changed: false, failed: true, msg: `Path ${args.path} is a directory !`, result: { rc: 256 } }
    if (args.state === 'absent' && !st) return { changed: false, result: { msg: 'file not present' } }
    if (!st && !args.create) return { changed: false, failed: true, msg: `Destination ${args.path} does not exist !`, result: { rc: 257 } }
    const before = facts.dest.content?.toString('utf8') ?? ''
    let edit: Edit
    try {
      edit = args.state === 'present' ? presentEdit(readLines(before), args) : absentEdit(readLines(before), args)
    } catch (error) {
      return { changed: false, failed: true, msg: (error as Error).message }
    }
    const after = edit.lines.join('')
    const outcome = planTextEdit(facts, edit.changed ? after : undefined, edit.msg, { path: args.path, backup: args.backup, validate: args.validate, check: options.check, mode: args.mode, owner: args.owner, group: args.group })
    if (outcome.failed) return { changed: false, failed: true, msg: outcome.failed }
    const result: Record<string, unknown> = { msg: outcome.msg, backup: outcome.backupFile, ...(edit.found !== undefined ? { found: edit.found } : {}) }
    if (!outcome.changed) return { changed: false, result }
    const content = contentDiffOf(args.path, before, after)
    const diff = options.check && !st ? content : [content, outcome.attrDiff as never]
    return { changed: true, steps: outcome.steps, diff, result }
  },
}
