import { FILE_COMMON_ALIASES, FILE_COMMON_PROPERTIES, unsupportedCommonArg } from '../src/module/file-common-args.js'
import type { ModeSpec } from '../src/module/file-mode.js'
import { pyRegex, pySubn } from '../src/module/py-regex.js'
import { gatherText, planTextEdit, type TextFacts } from '../src/module/text-edit.js'
import type { Plan, StateModule } from '../src/module/types.js'

export interface ReplaceArgs {
  path: string
  regexp: string
  replace: string
  after?: string
  before?: string
  backup: boolean
  validate?: string
  encoding: string
  mode?: ModeSpec
  owner?: string
  group?: string
  [key: string]: unknown
}

/** ansible-core's replace: re.subn with MULTILINE over the file, or over the after/before section. */
export function replaceEdit(contents: string, args: ReplaceArgs): { text: string; count: number } | { noSection: string } {
  let pattern = ''
  if (args.after && args.before) pattern = `${args.after}(?P<subsection>.*?)${args.before}`
  else if (args.after) pattern = `${args.after}(?P<subsection>.*)`
  else if (args.before) pattern = `(?P<subsection>.*)${args.before}`
  let section = contents
  let indices: [number, number] | undefined
  if (pattern) {
    const re = pyRegex(pattern, { dotall: true })
    const m = new RegExp(re.source, re.flags.replace('g', '') + 'd').exec(contents)
    if (!m) return { noSection: pattern }
    section = m.groups!.subsection!
    indices = m.indices!.groups!.subsection!
  }
  const [replaced, count] = pySubn(pyRegex(args.regexp, { multiline: true }), args.replace, section)
  if (count === 0 || replaced === section) return { text: contents, count: 0 }
  return { text: indices ? contents.slice(0, indices[0]) + replaced + contents.slice(indices[1]) : replaced, count }
}

export const replace: StateModule<ReplaceArgs, TextFacts> = {
  kind: 'state',
  name: 'replace',
  shortDescription: 'Replace all instances of a particular string in a file using a back-referenced regular expression',
  description: 'Replaces every match of a Python regular expression (MULTILINE) in a file, optionally only between after and before.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['path', 'regexp'],
    aliases: { dest: 'path', destfile: 'path', name: 'path', ...FILE_COMMON_ALIASES },
    properties: {
      path: { type: 'string', description: 'The file to modify (also: dest, destfile, name).' },
      regexp: { type: 'string', description: 'The Python regular expression to look for; ^ and $ match at every line.' },
      replace: { type: 'string', default: '', description: 'The replacement; may hold \\1 and \\g<name> backreferences.' },
      after: { type: 'string', description: 'Only replace after the first match of this expression.' },
      before: { type: 'string', description: 'Only replace before the first match of this expression.' },
      backup: { type: 'boolean', default: false, description: 'Create a backup file including the timestamp.' },
      validate: { type: 'string', description: 'Command validating the new file before it is put in place; %s is its path.' },
      encoding: { type: 'string', default: 'utf-8', description: 'Accepted for compatibility: files are read as UTF-8.' },
      ...FILE_COMMON_PROPERTIES,
    },
  },
  returns: {
    msg: { type: 'str', description: "'N replacements made' or ''." },
    backup_file: { type: 'str', description: 'The backup file name, when one was made.' },
  },
  examples: [
    '- name: Point every host entry at the new name',
    '  ansible.builtin.replace:',
    '    path: /etc/hosts',
    "    regexp: '(\\s+)old\\.host\\.name(\\s+.*)?$'",
    "    replace: '\\1new.host.name\\2'",
  ].join('\n'),

  gather(args, host) {
    return gatherText(host, args.path, args)
  },

  plan(args, facts, options): Plan {
    const unsupported = unsupportedCommonArg(args)
    if (unsupported) return { changed: false, failed: true, msg: unsupported }
    const st = facts.dest.stat?.type === 'link' ? facts.dest.target : facts.dest.stat
    if (st?.type === 'directory') return { changed: false, failed: true, msg: `Path ${args.path} is a directory !`, result: { rc: 256 } }
    if (!st) return { changed: false, failed: true, msg: `Path ${args.path} does not exist !`, result: { rc: 257 } }
    const contents = facts.dest.content?.toString('utf8') ?? ''
    let edit: ReturnType<typeof replaceEdit>
    try {
      edit = replaceEdit(contents, args)
    } catch (error) {
      return { changed: false, failed: true, msg: (error as Error).message }
    }
    if ('noSection' in edit) return { changed: false, result: { rc: 0, msg: `Pattern for before/after params did not match the given file: ${edit.noSection}` } }
    const changed = edit.count > 0
    const outcome = planTextEdit(facts, changed ? edit.text : undefined, changed ? `${edit.count} replacements made` : '', { path: args.path, backup: args.backup, validate: args.validate, check: options.check, mode: args.mode, owner: args.owner, group: args.group })
    if (outcome.failed) return { changed: false, failed: true, msg: outcome.failed }
    const result: Record<string, unknown> = { rc: 0, msg: outcome.msg, ...(outcome.backupFile ? { backup_file: outcome.backupFile } : {}) }
    if (!outcome.changed) return { changed: false, result }
    return { changed: true, steps: outcome.steps, diff: changed ? { before: contents, after: edit.text, before_header: args.path, after_header: args.path } : undefined, result }
  },
}
