/**
 * The local account databases as the user and group modules see them: entries of /etc/passwd,
 * /etc/shadow and /etc/group (through getent, so NSS is honoured as Python's pwd/grp do), read in
 * one frame. Every probed value travels base64-encoded in its own `@@acct:<tag>` section, so no
 * field content (a comment with newlines, a group named like a marker) can be mistaken for framing.
 */
import { parseSections } from './file-facts.js'
import { quote } from './shell.js'

export interface PasswdEntry {
  name: string
  password: string
  uid: number
  gid: number
  comment: string
  home: string
  shell: string
}

export interface ShadowEntry {
  name: string
  hash: string
  /** Days since the epoch; -1 when unset. */
  expire: number
  min: number
  max: number
}

export interface GroupEntry {
  name: string
  gid: number
  members: string[]
}

export function parsePasswd(line: string): PasswdEntry | undefined {
  const f = line.replace(/\n$/, '').split(':')
  if (f.length < 7 || f[0] === '') return undefined
  return { name: f[0]!, password: f[1]!, uid: Number(f[2]), gid: Number(f[3]), comment: f[4]!, home: f[5]!, shell: f.slice(6).join(':') }
}

const days = (field: string | undefined): number => (field === undefined || field === '' ? -1 : Number(field))

export function parseShadow(line: string): ShadowEntry | undefined {
  const f = line.replace(/\n$/, '').split(':')
  if (f.length < 8 || f[0] === '') return undefined
  return { name: f[0]!, hash: f[1]!, min: days(f[3]), max: days(f[4]), expire: days(f[7]) }
}

export function parseGroups(text: string): GroupEntry[] {
  const groups: GroupEntry[] = []
  for (const line of text.split('\n')) {
    const f = line.split(':')
    if (f.length < 4 || f[0] === '') continue
    groups.push({ name: f[0]!, gid: Number(f[2]), members: f[3] ? f[3].split(',').filter(Boolean) : [] })
  }
  return groups
}

/** Python's grp lookup as the modules use it: a numeric name is tried as a gid first. */
export function findGroup(groups: readonly GroupEntry[], nameOrGid: string): GroupEntry | undefined {
  if (/^-?\d+$/.test(nameOrGid.trim())) {
    const byGid = groups.find((g) => g.gid === Number(nameOrGid))
    if (byGid) return byGid
  }
  return groups.find((g) => g.name === nameOrGid)
}

/** Shell text printing `@@acct:<tag>` then the base64 of `command`'s stdout (stderr dropped). */
export function section(tag: string, command: string): string {
  return `echo @@acct:${tag}; { ${command}; } 2>/dev/null | base64 | tr -d '\\n'; echo`
}

export type Sections = Map<string, string>

/** The decoded body of every section in a probe's output. */
export function readSections(stdout: string): Sections {
  const out: Sections = new Map()
  for (const [key, body] of parseSections(stdout)) {
    if (key.startsWith('acct:')) out.set(key.slice(5), Buffer.from(body.trim(), 'base64').toString('utf8'))
  }
  return out
}

/** getent lines for one name: `--` so a name is never taken for an option. */
export function getentCommand(database: 'passwd' | 'shadow' | 'group', name: string): string {
  return `getent ${database} -- ${quote(name)}`
}

/** Names that useradd/groupadd would reject or take for an option; refused before touching the host. */
export function invalidAccountName(name: string, what: 'user' | 'group'): string | undefined {
  if (name === '') return `invalid ${what} name '': a name cannot be empty`
  if (name.startsWith('-')) return `invalid ${what} name '${name}': a name cannot start with '-'`
  if (/[:,\s\0/\\]/.test(name) || name === '.' || name === '..') return `invalid ${what} name '${name}'`
  return undefined
}
