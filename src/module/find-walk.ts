/**
 * The find module's walk, done by find(1) and stat(1) on the host in one frame. Names travel
 * NUL-terminated inside base64 sections, so no file name can break the framing; filtering by
 * pattern, age and size happens on the controller, content matching (grep) on the host.
 */
import { posix } from 'node:path'
import { parseSections } from './file-facts.js'
import { safePath, } from './paths.js'
import { quote } from './shell.js'

// lstat fields, name last: only the name is free text, and it ends at the NUL.
const FORMAT = '%f %u %g %s %Y %X %Z %i %d %h %U %G %n\\0'

export interface WalkOptions {
  follow: boolean
  /** find's -maxdepth: 1 without recurse. */
  maxDepth?: number
  checksum: boolean
  /** grep arguments selecting regular files by content, or undefined. */
  contains?: { pattern: string; wholeFile: boolean }
}

export interface WalkEntry {
  path: string
  raw: number
  uid: number
  gid: number
  size: number
  mtime: number
  atime: number
  ctime: number
  inode: number
  dev: number
  nlink: number
  owner: string
  group: string
}

export interface WalkRoot {
  path: string
  isDir: boolean
  entries: WalkEntry[]
  checksums: Map<string, string>
  /** Paths whose content matched `contains`; undefined when not asked. */
  containing?: Set<string>
}

export interface WalkFacts {
  now: number
  roots: WalkRoot[]
}

function findCommand(root: string, options: WalkOptions, tail: string): string {
  const depth = options.maxDepth !== undefined ? ` -maxdepth ${Math.max(1, Math.floor(options.maxDepth))}` : ''
  return `find ${options.follow ? '-L ' : ''}${quote(safePath(root))} -mindepth 1${depth} ${tail} 2>/dev/null | base64`
}

export function walkProbe(paths: readonly string[], options: WalkOptions): string {
  const lines = ["echo '@@now:t'; date +%s"]
  if (options.contains) lines.push(`if echo | grep -qP '^' 2>/dev/null; then drover_re=-P; else drover_re=-E; fi`)
  paths.forEach((root, i) => {
    const p = quote(root)
    lines.push(`if [ -d ${p} ]; then echo '@@r${i}:dir'`)
    lines.push(`echo '@@r${i}:list'; ${findCommand(root, options, `-exec stat --printf '${FORMAT}' -- {} +`)}`)
    if (options.checksum) {
      lines.push(`echo '@@r${i}:sum'; ${findCommand(root, options, `-type f -exec sh -c 'for f; do printf "%s " "$(sha1sum < "$f" | cut -d" " -f1)"; printf "%s\\0" "$f"; done' sh {} +`)}`)
    }
    if (options.contains) {
      // grep -P takes one pattern: a newline in it must be the escape, not a second pattern.
      const perl = options.contains.pattern.replace(/\n/g, '\\n')
      const pattern = options.contains.wholeFile ? perl : `^(?:${perl})`
      const ere = options.contains.wholeFile ? options.contains.pattern : `^(${options.contains.pattern})`
      const z = options.contains.wholeFile ? 'z' : ''
      // $0 is -P (Perl, close to Python's re) or -E where grep has no -P; the pattern follows.
      const script = `p=$1; [ "$0" = -P ] || p=$2; shift 2; grep -l${z}Z "$0" -e "$p" -- "$@"`
      lines.push(`echo '@@r${i}:grep'; ${findCommand(root, options, `-type f -exec sh -c ${quote(script)} "$drover_re" ${quote(pattern)} ${quote(ere)} {} +`)}`)
    }
    lines.push('fi')
  })
  return lines.join('\n')
}

function nulList(base64: string | undefined): string[] {
  if (!base64) return []
  return Buffer.from(base64, 'base64').toString('utf8').split('\0').slice(0, -1)
}

function entry(record: string): WalkEntry | undefined {
  const m = /^([0-9a-f]+) (\d+) (\d+) (\d+) (-?\d+) (-?\d+) (-?\d+) (\d+) (\d+) (\d+) (\S+) (\S+) ([\s\S]*)$/.exec(record)
  if (!m) return undefined
  const name = (v: string) => (v === 'UNKNOWN' ? '' : v)
  return {
    raw: parseInt(m[1]!, 16),
    uid: Number(m[2]), gid: Number(m[3]), size: Number(m[4]),
    mtime: Number(m[5]), atime: Number(m[6]), ctime: Number(m[7]),
    inode: Number(m[8]), dev: Number(m[9]), nlink: Number(m[10]),
    owner: name(m[11]!), group: name(m[12]!),
    path: posix.normalize(m[13]!),
  }
}

export function parseWalk(stdout: string, paths: readonly string[], options: Pick<WalkOptions, 'contains'>): WalkFacts {
  const sections = parseSections(stdout)
  const roots = paths.map((path, i): WalkRoot => {
    const checksums = new Map<string, string>()
    for (const line of nulList(sections.get(`r${i}:sum`))) {
      const space = line.indexOf(' ')
      checksums.set(posix.normalize(line.slice(space + 1)), line.slice(0, space))
    }
    return {
      path,
      isDir: sections.has(`r${i}:dir`),
      entries: nulList(sections.get(`r${i}:list`)).map(entry).filter((e): e is WalkEntry => e !== undefined),
      checksums,
      containing: options.contains ? new Set(nulList(sections.get(`r${i}:grep`)).map((p) => posix.normalize(p))) : undefined,
    }
  })
  return { now: Number((sections.get('now:t') ?? '0').trim()), roots }
}
