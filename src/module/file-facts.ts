/**
 * One-frame probes of remote paths. A probe is shell text built only from quoted data; its output
 * is a list of `@@tag:kind` sections whose bodies are stat fields, hex digests, base64 or a C-quoted
 * line, so no file name or content can be confused with the framing. Needs `stat -c`, `sha1sum`,
 * `base64`, `readlink -f` (GNU coreutils or busybox); a link's target is read exactly from GNU
 * stat's C-quoted `%N` (see linkTargetOf for other stats).
 */
import { createHash } from 'node:crypto'
import { quote } from './shell.js'

export type PathType = 'file' | 'directory' | 'link' | 'fifo' | 'socket' | 'chardev' | 'blockdev' | 'unknown'

export interface PathStat {
  type: PathType
  /** Permission bits including setuid/setgid/sticky (S_IMODE). */
  mode: number
  uid: number
  gid: number
  /** Names as the host resolves them; undefined when the id has no name. */
  owner?: string
  group?: string
  size: number
  mtime: number
  atime: number
  ctime: number
  inode: number
  dev: number
  nlink: number
  blocks: number
  blockSize: number
  /** st_rdev for device files, as os.makedev(major, minor) for small numbers. */
  rdev: number
}

export interface PathFacts {
  path: string
  exists: boolean
  /** lstat of the path itself. */
  stat?: PathStat
  /** For a symlink: what it points to, and the stat of its final target (absent when dangling). */
  linkTarget?: string
  /** For a symlink: the canonical path it resolves to (realpath). */
  realPath?: string
  target?: PathStat
  /** For a symlink: whether its final target exists (known with or without the target's stat). */
  resolves?: boolean
  readable?: boolean
  writeable?: boolean
  executable?: boolean
  /** SHA1 of the content of a regular file (links followed), when asked for. */
  checksum?: string
  /** File content, when asked for (and, for `unlessChecksum`, only when it differs). */
  content?: Buffer
}

export interface ProbeOptions {
  /**
   * Only whether the path exists: no stat (one process fewer on the host). 'resolved': whether it
   * exists with links followed, so a dangling link counts as missing.
   */
  existence?: boolean | 'resolved'
  checksum?: boolean
  /** sha1 unless told: Ansible's checksum_algorithm names (md5, sha1, sha224, sha256, sha384, sha512). */
  algorithm?: string
  /** 'always': send the content of a regular file; an object: only when its SHA1 differs and it is small. */
  content?: 'always' | { unlessChecksum: string; maxSize: number }
  /** For a symlink, also its canonical path (`readlink -f`): one process more, so only when asked. */
  realPath?: boolean
  /** For a symlink, what it points to (`readlink`); default true. */
  linkNames?: boolean
  /** For a symlink, the stat of its final target; false: only whether it resolves (a `[ -e ]` test). */
  targetStat?: boolean
}

// %f raw mode (hex), then numbers, then names last: names are the only free text and never contain spaces.
const STAT_FORMAT = '%f %u %g %s %Y %X %Z %i %d %h %b %o %t %T %U %G'

/**
 * Shell text printing the facts of `path` under `tag` (tags are [a-z0-9_]). Each process costs the
 * host a fork and an exec (milliseconds on small VMs), so tools print straight into the frame's
 * output: a `$(…)` capture would cost a full fork more, and is used only where the shell must
 * compare the value itself.
 */
export function pathProbe(tag: string, path: string, options: ProbeOptions = {}): string {
  const p = quote(path)
  if (options.existence === 'resolved') return `if [ -e ${p} ]; then echo '@@${tag}:exists'; fi`
  if (options.existence) return `if [ -e ${p} ] || [ -L ${p} ]; then echo '@@${tag}:exists'; fi`
  // A link's target comes from the same `stat` as %N, C-quoted (QUOTING_STYLE=c, LC_ALL=C: every
  // byte that is not printable ASCII as an escape), so one line holds any name: no readlink, no base64.
  const [statCall, names] = options.linkNames === false ? ['stat', ''] : ['LC_ALL=C QUOTING_STYLE=c stat', `\n@@${tag}:name\n%N`]
  // The canonical path costs one process more, so only when asked.
  const real = options.realPath ? `echo '@@${tag}:real'; readlink -f -- ${p} | base64; ` : ''
  const target = options.targetStat === false ? `echo '@@${tag}:resolves'` : `echo '@@${tag}:target'; stat -L -c '${STAT_FORMAT}' -- ${p}`
  const lines = [
    `if [ -e ${p} ] || [ -L ${p} ]; then`,
    // drover_ names: probes may run in the session shell itself, where user commands see its variables.
    `drover_a=''; [ -r ${p} ] && drover_a=r; [ -w ${p} ] && drover_a="\${drover_a}w"; [ -x ${p} ] && drover_a="\${drover_a}x"`,
    // Few writes: each one the shell makes tends to travel as its own SSH packet, and costs both ends.
    `printf '@@${tag}:access\\nx%s\\n@@${tag}:stat\\n' "$drover_a"; ${statCall} -c '${STAT_FORMAT}${names}' -- ${p}`,
    `if [ -L ${p} ]; then ${real}if [ -e ${p} ]; then ${target}; fi; fi`,
  ]
  if (options.checksum || options.content) {
    const tool = `${/^(md5|sha1|sha224|sha256|sha384|sha512)$/.test(options.algorithm ?? '') ? options.algorithm : 'sha1'}sum`
    // With the whole content coming back anyway, its SHA1 is taken on the controller (pathFacts).
    const localSum = options.content === 'always' && tool === 'sha1sum'
    const compare = typeof options.content === 'object' ? options.content : undefined
    // The tool prints "digest  -"; pathFacts keeps the digest. Captured only when compared here.
    const sum = compare
      ? `drover_sum=$(${tool} < ${p}); drover_sum=\${drover_sum%% *}; printf '@@${tag}:sha1\\n%s\\n' "$drover_sum"`
      : `echo '@@${tag}:sha1'; ${tool} < ${p}`
    lines.push(`if [ -f ${p} ] && [ -r ${p} ]; then ${localSum ? ':' : sum}`)
    if (options.content === 'always') lines.push(`echo '@@${tag}:content'; base64 < ${p}`)
    else if (compare) {
      const { unlessChecksum, maxSize } = compare
      // The size is read only when the digests differ: an unchanged file costs no second stat.
      lines.push(`if [ "$drover_sum" != ${quote(unlessChecksum)} ] && { drover_sz=$(stat -L -c %s -- ${p}); [ "$drover_sz" -le ${Math.floor(maxSize)} ]; }; then echo '@@${tag}:content'; base64 < ${p}; fi`)
    }
    lines.push('fi')
  }
  lines.push('fi')
  return lines.join('\n')
}

/**
 * The host's umask, clock (for backup file names; `clock: false` leaves it empty), shell pid and
 * user, printed as one section. Every process forked costs the host milliseconds, so: one `id`
 * for the ids and names, and none at all on a persistent shell that ran it once already
 * (`drover_id`, see SHELL_PROLOGUE in src/connection/shell-session.ts).
 */
export function hostProbe(options: { clock?: boolean } = {}): string {
  const clock = options.clock === false ? '' : `$(date '+%Y-%m-%d@%H:%M:%S')`
  return `echo '@@host:env'; umask; printf '%s\\n%s\\n%s\\n' "${clock}" "$$" "\${drover_id:-$(LC_ALL=C id)}"`
}

/** Resolves an owner and group (names or ids) to both forms, as `@@id:owner` "uid name" and `@@id:group` "name:gid". */
export function identityProbe(owner?: string, group?: string): string {
  const lines: string[] = []
  if (owner !== undefined) lines.push(`echo '@@id:owner'; id -u -- ${quote(owner)} 2>/dev/null && id -un -- ${quote(owner)} 2>/dev/null`)
  if (group !== undefined) {
    const g = quote(group)
    lines.push(`echo '@@id:group'; { getent group -- ${g} 2>/dev/null || drover_g=${g} awk -F: '$1 == ENVIRON["drover_g"] || $3 == ENVIRON["drover_g"] { print; exit }' /etc/group; } | head -n 1 | cut -d: -f1,3`)
  }
  return lines.join('\n')
}

export interface HostEnv {
  umask: number
  /** The remote user, which owns what drover creates. */
  uid: number
  gid: number
  user: string
  group: string
  /** Local time as Ansible formats it in backup names. */
  now: string
  pid: string
}

export type Sections = Map<string, string>

export function parseSections(stdout: string): Sections {
  const sections: Sections = new Map()
  let current: string | undefined
  let body: string[] = []
  for (const line of stdout.split('\n')) {
    const header = /^@@([a-z0-9_]+:[a-z0-9_]+)$/.exec(line)
    if (header) {
      if (current) sections.set(current, body.join('\n'))
      current = header[1]
      body = []
    } else if (current) body.push(line)
  }
  if (current) sections.set(current, body.join('\n'))
  return sections
}

function typeOf(raw: number): PathType {
  switch (raw & 0o170000) {
    case 0o100000: return 'file'
    case 0o040000: return 'directory'
    case 0o120000: return 'link'
    case 0o010000: return 'fifo'
    case 0o140000: return 'socket'
    case 0o020000: return 'chardev'
    case 0o060000: return 'blockdev'
    default: return 'unknown'
  }
}

function parseStat(text: string): PathStat {
  const f = text.trim().split(/\s+/)
  const raw = parseInt(f[0] ?? '0', 16)
  const name = (value: string | undefined) => (value === undefined || value === 'UNKNOWN' ? undefined : value)
  return {
    type: typeOf(raw),
    blocks: Number(f[10]),
    blockSize: Number(f[11]),
    rdev: (parseInt(f[12] ?? '0', 16) << 8) | parseInt(f[13] ?? '0', 16),
    mode: raw & 0o7777,
    uid: Number(f[1]),
    gid: Number(f[2]),
    size: Number(f[3]),
    mtime: Number(f[4]),
    atime: Number(f[5]),
    ctime: Number(f[6]),
    inode: Number(f[7]),
    dev: Number(f[8]),
    nlink: Number(f[9]),
    owner: name(f[14]),
    group: name(f[15]),
  }
}

/**
 * The target in stat's `%N` of a link: `"link" -> "target"`, both C-quoted. Undefined when the line
 * is not in that form (a stat without QUOTING_STYLE, e.g. busybox's `'link' -> 'target'`): the
 * caller then knows the path is a link but not where it points, and treats the target as differing.
 */
export function linkTargetOf(line: string): string | undefined {
  const link = cQuoted(line, 0)
  if (!link || !line.startsWith(' -> ', link.end)) return undefined
  const target = cQuoted(line, link.end + 4)
  return target && target.end === line.trimEnd().length ? target.bytes.toString('utf8') : undefined
}

const C_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34, "'": 39, '?': 63 }

/** One C string literal starting at `start` (gnulib's "c" quoting style): its bytes and where it ends. */
function cQuoted(text: string, start: number): { bytes: Buffer; end: number } | undefined {
  if (text[start] !== '"') return undefined
  const bytes: number[] = []
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!
    if (c === '"') return { bytes: Buffer.from(bytes), end: i + 1 }
    if (c !== '\\') {
      // LC_ALL=C escapes every byte outside printable ASCII, so anything else means another format.
      if (c < ' ' || c > '~') return undefined
      bytes.push(c.charCodeAt(0))
      continue
    }
    const next = text[++i]
    if (next === undefined) return undefined
    const octal = /^[0-7]{1,3}/.exec(text.slice(i, i + 3))
    if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff)
      i += octal[0].length - 1
    } else if (next in C_ESCAPES) bytes.push(C_ESCAPES[next]!)
    else return undefined
  }
  return undefined
}

export function pathFacts(sections: Sections, tag: string, path: string): PathFacts {
  const stat = sections.get(`${tag}:stat`)
  if (stat === undefined) return { path, exists: sections.has(`${tag}:exists`) }
  const lstat = parseStat(stat)
  const facts: PathFacts = { path, exists: true, stat: lstat }
  if (lstat.type === 'link') {
    const name = sections.get(`${tag}:name`)
    if (name !== undefined) facts.linkTarget = linkTargetOf(name)
    const real = sections.get(`${tag}:real`)
    if (real !== undefined) facts.realPath = Buffer.from(real, 'base64').toString('utf8').replace(/\n$/, '')
    const target = sections.get(`${tag}:target`)
    if (target !== undefined) facts.target = parseStat(target)
    facts.resolves = target !== undefined || sections.has(`${tag}:resolves`)
  }
  const access = sections.get(`${tag}:access`)
  if (access !== undefined) {
    facts.readable = access.includes('r')
    facts.writeable = access.includes('w')
    facts.executable = access.slice(1).includes('x')
  }
  const sum = sections.get(`${tag}:sha1`)
  if (sum !== undefined) facts.checksum = sum.trim().split(/\s/)[0]
  const content = sections.get(`${tag}:content`)
  if (content !== undefined) facts.content = Buffer.from(content, 'base64')
  if (facts.content && facts.checksum === undefined) facts.checksum = createHash('sha1').update(facts.content).digest('hex')
  return facts
}

export function hostEnv(sections: Sections): HostEnv {
  const [umask = '022', now = '', pid = '', id = ''] = (sections.get('host:env') ?? '').split('\n')
  // `uid=1000(deploy) gid=1000(deploy) groups=…`; an id without a name has no parentheses.
  const ids = /uid=(\d+)(?:\(([^)]*)\))? gid=(\d+)(?:\(([^)]*)\))?/.exec(id)
  const [, uid = '0', user = '', gid = '0', group = ''] = ids ?? []
  return { umask: parseInt(umask, 8), now, pid, uid: Number(uid), gid: Number(gid), user, group }
}

export interface Identity {
  /** Undefined when the host does not know the name or id. */
  owner?: { uid: number; name: string }
  group?: { gid: number; name: string }
}

export function identity(sections: Sections): Identity {
  const out: Identity = {}
  const [uid, name] = (sections.get('id:owner') ?? '').split('\n')
  if (uid && /^\d+$/.test(uid)) out.owner = { uid: Number(uid), name: name || uid }
  const group = /^(.*):(\d+)$/.exec((sections.get('id:group') ?? '').trim())
  if (group) out.group = { gid: Number(group[2]), name: group[1]! }
  return out
}

/** The stat that describes what a path resolves to: the target for a followed link, else the path itself. */
export function effectiveStat(facts: PathFacts, follow: boolean): PathStat | undefined {
  if (follow && facts.stat?.type === 'link') return facts.target
  return facts.stat
}
