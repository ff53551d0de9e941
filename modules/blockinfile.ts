import { FILE_COMMON_ALIASES, FILE_COMMON_PROPERTIES, unsupportedCommonArg } from '../src/module/file-common-args.js'
import type { ModeSpec } from '../src/module/file-mode.js'
import { pyRegex, pySearch } from '../src/module/py-regex.js'
import { contentDiffOf, gatherText, planTextEdit, readLines, type TextFacts } from '../src/module/text-edit.js'
import type { Plan, StateModule } from '../src/module/types.js'

export interface BlockinfileArgs {
  path: string
  state: 'present' | 'absent'
  marker: string
  block: string
  insertafter?: string
  insertbefore?: string
  create: boolean
  backup: boolean
  validate?: string
  marker_begin: string
  marker_end: string
  mode?: ModeSpec
  owner?: string
  group?: string
  [key: string]: unknown
}

/** ansible-core's blockinfile: replace the text between the markers, or insert it. */
export function blockEdit(original: string | undefined, args: BlockinfileArgs): string {
  const lines = readLines(original ?? '')
  let { insertafter, insertbefore } = args
  if (insertbefore === undefined && insertafter === undefined) insertafter = 'EOF'
  const insertre = insertafter !== undefined && insertafter !== 'EOF' ? pyRegex(insertafter) : insertbefore !== undefined && insertbefore !== 'BOF' ? pyRegex(insertbefore) : undefined
  const marker0 = args.marker.split('{mark}').join(args.marker_begin) + '\n'
  const marker1 = args.marker.split('{mark}').join(args.marker_end) + '\n'
  let blocklines: string[] = []
  if (args.state === 'present' && args.block) {
    const block = args.block.endsWith('\n') ? args.block : args.block + '\n'
    blocklines = [marker0, ...readLines(block), marker1]
  }
  let n0: number | undefined
  let n1: number | undefined
  for (const [i, line] of lines.entries()) {
    if (line === marker0) n0 = i
    if (line === marker1) n1 = i
  }
  if (n0 === undefined || n1 === undefined) {
    n0 = undefined
    if (insertre) {
      for (const [i, line] of lines.entries()) if (pySearch(insertre, line)) n0 = i
      if (n0 === undefined) n0 = lines.length
      else if (insertafter !== undefined) n0 += 1
    } else if (insertbefore !== undefined) n0 = 0
    else n0 = lines.length
  } else if (n0 < n1) lines.splice(n0, n1 - n0 + 1)
  else {
    lines.splice(n1, n0 - n1 + 1)
    n0 = n1
  }
  if (n0 > 0 && !lines[n0 - 1]!.endsWith('\n')) lines[n0 - 1] += '\n'
  lines.splice(n0, 0, ...blocklines)
  return lines.join('')
}

export const blockinfile: StateModule<BlockinfileArgs, TextFacts> = {
  kind: 'state',
  name: 'blockinfile',
  shortDescription: 'Insert/update/remove a text block surrounded by marker lines',
  description: 'Inserts, updates or removes a block of multi-line text surrounded by customizable marker lines.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['path'],
    aliases: { dest: 'path', destfile: 'path', name: 'path', content: 'block', ...FILE_COMMON_ALIASES },
    mutuallyExclusive: [['insertbefore', 'insertafter']],
    properties: {
      path: { type: 'string', description: 'The file to modify (also: dest, destfile, name).' },
      state: { type: 'string', enum: ['absent', 'present'], default: 'present', description: 'Whether the block should be there or not.' },
      marker: { type: 'string', default: '# {mark} ANSIBLE MANAGED BLOCK', description: 'The marker line template; {mark} becomes marker_begin or marker_end.' },
      block: { type: 'string', default: '', description: 'The text to insert inside the marker lines (also: content). Empty removes the block.' },
      insertafter: { type: 'string', description: 'EOF or a regex: insert after the last line matching it.' },
      insertbefore: { type: 'string', description: 'BOF or a regex: insert before the last line matching it.' },
      create: { type: 'boolean', default: false, description: 'Create a new file if it does not exist.' },
      backup: { type: 'boolean', default: false, description: 'Create a backup file including the timestamp.' },
      validate: { type: 'string', description: 'Command validating the new file before it is put in place; %s is its path.' },
      marker_begin: { type: 'string', default: 'BEGIN', description: 'Replaces {mark} in the opening marker.' },
      marker_end: { type: 'string', default: 'END', description: 'Replaces {mark} in the closing marker.' },
      ...FILE_COMMON_PROPERTIES,
    },
  },
  returns: {
    msg: { type: 'str', description: "'Block inserted', 'Block removed', 'File created' or ''." },
    backup_file: { type: 'str', description: 'The backup file name, when one was made.' },
  },
  examples: [
    '- name: Add a mirror to the hosts file',
    '  ansible.builtin.blockinfile:',
    '    path: /etc/hosts',
    '    block: |',
    '      10.0.0.5 mirror',
  ].join('\n'),

  gather(args, host) {
    return gatherText(host, args.path, args)
  },

  plan(args, facts, options): Plan {
    const unsupported = unsupportedCommonArg(args)
    if (unsupported) return { changed: false, failed: true, msg: unsupported }
    const st = facts.dest.stat?.type === 'link' ? facts.dest.target : facts.dest.stat
    if (st?.type === 'directory') return { changed: false, failed: true, msg: `Path ${args.path} is a directory !`, result: { rc: 256 } }
    if (!st && !args.create) return { changed: false, failed: true, msg: `Path ${args.path} does not exist !`, result: { rc: 257 } }
    if (args.state === 'absent' && !st) return { changed: false, result: { msg: `File ${args.path} not present` } }
    const original = st ? facts.dest.content?.toString('utf8') ?? '' : undefined
    let after: string
    try {
      after = blockEdit(original, args)
    } catch (error) {
      return { changed: false, failed: true, msg: (error as Error).message }
    }
    const changed = original !== after
    const msg = !changed ? '' : original === undefined ? 'File created' : args.state === 'absent' || !args.block ? 'Block removed' : 'Block inserted'
    const outcome = planTextEdit(facts, changed ? after : undefined, msg, { path: args.path, backup: args.backup, validate: args.validate, check: options.check, mode: args.mode, owner: args.owner, group: args.group })
    if (outcome.failed) return { changed: false, failed: true, msg: outcome.failed }
    const result: Record<string, unknown> = { msg: outcome.msg, ...(outcome.backupFile ? { backup_file: outcome.backupFile } : {}) }
    if (!outcome.changed) return { changed: false, result }
    const content = contentDiffOf(args.path, original ?? '', after)
    return { changed: true, steps: outcome.steps, diff: options.check && !st ? content : [content, outcome.attrDiff as never], result }
  },
}
