import { fnmatch } from '../src/module/fnmatch.js'
import { parseWalk, walkProbe, type WalkEntry, type WalkFacts } from '../src/module/find-walk.js'
import { formatMode } from '../src/module/file-mode.js'
import { pyRegex } from '../src/module/py-regex.js'
import type { Plan, StateModule } from '../src/module/types.js'

export interface FindArgs {
  paths: string[]
  patterns: string[]
  excludes?: string[]
  contains?: string
  read_whole_file: boolean
  file_type: 'any' | 'directory' | 'file' | 'link'
  age?: string
  age_stamp: 'atime' | 'ctime' | 'mtime'
  size?: string
  recurse: boolean
  hidden: boolean
  follow: boolean
  get_checksum: boolean
  use_regex: boolean
  depth?: number
}

const AGE_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }
const SIZE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }

function scaled(text: string | undefined, units: Record<string, number>): number | undefined | null {
  if (text === undefined) return undefined
  const m = /^(-?\d+)([a-z])?$/.exec(String(text).toLowerCase())
  if (!m || (m[2] !== undefined && !(m[2] in units))) return null
  return Number(m[1]) * (m[2] ? units[m[2]]! : 1)
}

/** Ansible's pfilter: a name matches a pattern and no exclude (regexes match at the start, globs whole). */
export function nameMatches(name: string, patterns: readonly string[], excludes: readonly string[] | undefined, useRegex: boolean): boolean {
  const test = (pattern: string) => (useRegex ? pyRegex(`^(?:${pattern})`).test(name) : fnmatch(name, pattern))
  if (!patterns.some(test)) return false
  return !(excludes ?? []).some(test)
}

function statInfo(e: WalkEntry): Record<string, unknown> {
  const m = e.raw & 0o7777
  const type = e.raw & 0o170000
  return {
    path: e.path,
    mode: formatMode(m),
    isdir: type === 0o040000, ischr: type === 0o020000, isblk: type === 0o060000, isreg: type === 0o100000,
    isfifo: type === 0o010000, islnk: type === 0o120000, issock: type === 0o140000,
    uid: e.uid, gid: e.gid, size: e.size, inode: e.inode, dev: e.dev, nlink: e.nlink,
    atime: e.atime, mtime: e.mtime, ctime: e.ctime,
    gr_name: e.group, pw_name: e.owner,
    wusr: !!(m & 0o200), rusr: !!(m & 0o400), xusr: !!(m & 0o100),
    wgrp: !!(m & 0o020), rgrp: !!(m & 0o040), xgrp: !!(m & 0o010),
    woth: !!(m & 0o002), roth: !!(m & 0o004), xoth: !!(m & 0o001),
    isuid: !!(m & 0o4000), isgid: !!(m & 0o2000),
  }
}

export function planFind(args: FindArgs, facts: WalkFacts): Plan {
  const age = scaled(args.age, AGE_UNITS)
  if (age === null) return { changed: false, failed: true, msg: 'failed to process age', result: { age: args.age } }
  const size = scaled(args.size, SIZE_UNITS)
  if (size === null) return { changed: false, failed: true, msg: 'failed to process size', result: { size: args.size } }
  const patterns = args.patterns.length > 0 ? args.patterns : [args.use_regex ? '.*' : '*']
  const files: Record<string, unknown>[] = []
  const skipped: Record<string, string> = {}
  const warnings: string[] = []
  let examined = 0
  for (const root of facts.roots) {
    if (!root.isDir) {
      skipped[root.path] = `'${root.path}' is not a directory`
      warnings.push(`Skipped '${root.path}' path due to this access issue: ${skipped[root.path]}\n`)
      continue
    }
    examined += root.entries.length
    for (const e of root.entries) {
      const name = e.path.slice(e.path.lastIndexOf('/') + 1)
      if (name.startsWith('.') && !args.hidden) continue
      const type = e.raw & 0o170000
      const isReg = type === 0o100000
      const kind = isReg ? 'file' : type === 0o040000 ? 'directory' : type === 0o120000 ? 'link' : 'other'
      if (args.file_type !== 'any' && args.file_type !== kind) continue
      if (!nameMatches(name, patterns, args.excludes, args.use_regex)) continue
      const stamp = e[args.age_stamp]
      if (age !== undefined && !(age >= 0 ? facts.now - stamp >= Math.abs(age) : facts.now - stamp <= Math.abs(age))) continue
      const sizeOk = size === undefined || (size >= 0 ? e.size >= Math.abs(size) : e.size <= Math.abs(size))
      // As Ansible: size only filters regular files; contains only applies with file_type file.
      if (isReg && !sizeOk) continue
      if (args.file_type === 'file' && root.containing && !root.containing.has(e.path)) continue
      const info = statInfo(e)
      if (isReg && args.get_checksum && args.file_type !== 'directory' && root.checksums.has(e.path)) info.checksum = root.checksums.get(e.path)
      files.push(info)
    }
  }
  const msg = warnings.length > 0 ? 'Not all paths examined, check warnings for details' : 'All paths examined'
  return { changed: false, result: { files, matched: files.length, examined, msg, skipped_paths: skipped, ...(warnings.length ? { warnings } : {}) } }
}

export const find: StateModule<FindArgs, WalkFacts> = {
  kind: 'state',
  name: 'find',
  shortDescription: 'Return a list of files based on specific criteria',
  description:
    'Lists files under the given directories that match all the criteria (name patterns, type, age, size, content), ' +
    'as find(1) on the host sees them. Never changes anything. `contains` is matched by grep on the host ' +
    '(Perl-compatible with -P where grep has it, else extended regular expressions).',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['paths'],
    aliases: { name: 'paths', path: 'paths', pattern: 'patterns', exclude: 'excludes' },
    properties: {
      paths: { type: 'array', items: { type: 'string' }, description: 'List of directories to search (also: name, path). A comma-separated string is split.' },
      patterns: { type: 'array', items: { type: 'string' }, default: [], description: 'Basename patterns: shell globs, or Python regexes with use_regex. A file matches if any pattern matches (also: pattern).' },
      excludes: { type: 'array', items: { type: 'string' }, description: 'Basename patterns to leave out, interpreted like patterns (also: exclude).' },
      contains: { type: 'string', description: 'A regular expression a line of the file must match from its start (or, with read_whole_file, anywhere in the file). Only with file_type file.' },
      read_whole_file: { type: 'boolean', default: false, description: 'Apply contains to the whole file instead of line by line.' },
      file_type: { type: 'string', default: 'file', enum: ['any', 'directory', 'file', 'link'], description: 'Type of file to select.' },
      age: { type: 'string', description: 'Select files whose age is equal to or greater than this (a negative value: equal to or less). Units s, m, h, d, w; seconds by default.' },
      age_stamp: { type: 'string', default: 'mtime', enum: ['atime', 'ctime', 'mtime'], description: 'The timestamp age is compared with.' },
      size: { type: 'string', description: 'Select files whose size is equal to or greater than this (a negative value: equal to or less). Units b, k, m, g, t; bytes by default.' },
      recurse: { type: 'boolean', default: false, description: 'Descend into directories.' },
      hidden: { type: 'boolean', default: false, description: 'Include files whose name starts with a dot.' },
      follow: { type: 'boolean', default: false, description: 'Follow symbolic links to directories while walking.' },
      get_checksum: { type: 'boolean', default: false, description: 'Return the SHA1 checksum of each regular file.' },
      use_regex: { type: 'boolean', default: false, description: 'patterns and excludes are Python regexes matched from the start of the name, not globs.' },
      depth: { type: 'integer', description: 'Maximum depth of the walk with recurse (1 is the directory itself).' },
    },
  },
  returns: {
    files: { type: 'list', description: 'The files found, each a dict like stat\'s: path, mode, isdir, isreg, islnk, uid, gid, pw_name, gr_name, size, mtime, atime, ctime, inode, dev, nlink, checksum (get_checksum) and the permission flags.' },
    matched: { type: 'int', description: 'Number of matches.' },
    examined: { type: 'int', description: 'Number of filesystem objects looked at.' },
    skipped_paths: { type: 'dict', description: 'Paths that were not examined, with the reason.' },
    msg: { type: 'str', description: 'All paths examined, or why not.' },
  },
  examples: [
    '- name: Find logs older than two weeks',
    '  ansible.builtin.find:',
    '    paths: /var/log',
    "    patterns: '*.log,*.gz'",
    '    age: 2w',
    '    recurse: yes',
    '  register: old_logs',
    '',
    '- name: Find directories named like releases',
    '  ansible.builtin.find:',
    '    paths: /srv/app/releases',
    '    file_type: directory',
    "    patterns: '^\\d{8}$'",
    '    use_regex: yes',
  ].join('\n'),

  async gather(args, host) {
    const maxDepth = args.recurse ? args.depth : 1
    const contains = args.contains !== undefined && args.file_type === 'file' ? { pattern: args.contains, wholeFile: args.read_whole_file } : undefined
    const out = await host.run(walkProbe(args.paths, { follow: args.follow, maxDepth, checksum: args.get_checksum, contains }))
    return parseWalk(out.stdout.toString('utf8'), args.paths, { contains })
  },

  plan(args, facts) {
    return planFind(args, facts)
  },
}
