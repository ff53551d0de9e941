/**
 * ansible-core 2.14's `user` module on Linux (shadow-utils), as pure decisions over gathered facts:
 * which useradd/usermod/userdel command runs, what follows it (a missing home, an ssh key, chage),
 * and the result Ansible returns. modules/user.ts gathers, runs these and re-gathers in between.
 */
import { withLines } from './command-result.js'
import { findGroup, invalidAccountName, type GroupEntry, type PasswdEntry, type ShadowEntry } from './accounts.js'

export interface UserArgs {
  name: string
  state: 'present' | 'absent'
  uid?: number
  non_unique: boolean
  group?: string
  groups?: string[]
  append: boolean
  comment?: string
  home?: string
  shell?: string
  password?: string
  update_password: 'always' | 'on_create'
  password_lock?: boolean
  create_home: boolean
  move_home: boolean
  skeleton?: string
  umask?: string
  system: boolean
  force: boolean
  remove: boolean
  seuser?: string
  expires?: number
  password_expire_max?: number
  password_expire_min?: number
  generate_ssh_key?: boolean
  ssh_key_bits: number
  ssh_key_type: string
  ssh_key_file?: string
  ssh_key_comment?: string
  ssh_key_passphrase?: string
  local?: boolean
  [key: string]: unknown
}

/** The ssh key at the path the module would use, as found on the host. */
export interface KeyFacts {
  path: string
  dirExists: boolean
  keyExists: boolean
  pubExists: boolean
  /** `ssh-keygen -l -f` of the key: rc and its output. */
  fingerprintRc: number
  fingerprintOut: string
  fingerprintErr: string
  publicKey?: string
}

export interface UserFacts {
  user?: PasswdEntry
  shadow?: ShadowEntry
  groups: GroupEntry[]
  /** The host's name, for the default ssh key comment. */
  hostname: string
  /** `home` argument: whether its parent is a directory and whether it exists. */
  homeParentIsDir: boolean
  argHomeExists: boolean
  /** Whether the user's current home (from passwd) exists. */
  currentHomeExists: boolean
  /** UMASK of /etc/login.defs (the last matching line), for homes the module creates itself. */
  loginUmask?: string
  /** Only gathered with generate_ssh_key and an existing user. */
  key?: KeyFacts
}

export interface Outcome {
  rc: number
  stdout: string
  stderr: string
}

/** fail_json: with the name and rc when a command failed, with only msg when the arguments were refused. */
const RESULT_FAILED = (name: string | undefined, msg: string, rc?: number): Record<string, unknown> =>
  ({ ...(name === undefined ? {} : { name }), msg, ...(rc === undefined ? {} : { rc }), failed: true, changed: false })

export function userArgsError(args: UserArgs): string | undefined {
  if (args.local) return "drover's user module does not support local=true (libuser's luseradd); the shadow-utils commands are used"
  if (args.umask !== undefined && args.local) return "'umask' can not be used with 'local'"
  return invalidAccountName(args.name, 'user')
}

/** The list Ansible builds from `groups`: names as given, checked to exist, without the primary group on create. */
function groupsSet(args: UserArgs, facts: UserFacts, removeExisting: boolean): { set: string[] } | { missing: string } {
  const names = [...new Set((args.groups ?? []).join(',').split(',').filter((g) => g !== '').map((g) => g.trim()))]
  const set: string[] = []
  for (const g of names) {
    const entry = findGroup(facts.groups, g)
    if (!entry) return { missing: g }
    if (facts.user && removeExisting && entry.gid === facts.user.gid) continue
    set.push(g)
  }
  return { set }
}

/** useradd's -e value: an empty string for "never", else the UTC date. */
function expiresDate(seconds: number): string {
  return seconds < 0 ? '' : new Date(Math.floor(seconds) * 1000).toISOString().slice(0, 10)
}

function passwordValue(args: UserArgs): string {
  return args.password_lock ? `!${args.password}` : args.password!
}

export type MainPlan =
  | { kind: 'fail'; msg: string }
  | { kind: 'none' }
  | { kind: 'create'; argv: string[]; /** Ansible makes the home itself first when its parent is missing. */ makeHomeFirst: boolean }
  | { kind: 'modify'; argv: string[] }
  | { kind: 'remove'; argv: string[] }

/** useradd for a user that does not exist yet. */
export function createCommand(args: UserArgs, facts: UserFacts): MainPlan {
  const cmd = ['useradd']
  if (args.uid !== undefined) {
    cmd.push('-u', String(args.uid))
    if (args.non_unique) cmd.push('-o')
  }
  if (args.seuser !== undefined) cmd.push('-Z', args.seuser)
  if (args.group !== undefined) {
    if (!findGroup(facts.groups, args.group)) return { kind: 'fail', msg: `Group ${args.group} does not exist` }
    cmd.push('-g', args.group)
  } else if (findGroup(facts.groups, args.name)) {
    // A group named like the user exists: stop useradd from trying to create it (USERGROUPS_ENAB).
    cmd.push('-N')
  }
  if (args.groups !== undefined && args.groups.join(',') !== '') {
    const groups = groupsSet(args, facts, true)
    if ('missing' in groups) return { kind: 'fail', msg: `Group ${groups.missing} does not exist` }
    cmd.push('-G', groups.set.join(','))
  }
  if (args.comment !== undefined) cmd.push('-c', args.comment)
  let makeHomeFirst = false
  if (args.home !== undefined) {
    makeHomeFirst = args.create_home && !facts.homeParentIsDir
    cmd.push('-d', args.home)
  }
  if (args.shell !== undefined) cmd.push('-s', args.shell)
  if (args.expires !== undefined) cmd.push('-e', expiresDate(args.expires))
  if (args.password !== undefined) cmd.push('-p', passwordValue(args))
  if (args.create_home) {
    cmd.push('-m')
    if (args.skeleton !== undefined) cmd.push('-k', args.skeleton)
    if (args.umask !== undefined) cmd.push('-K', `UMASK=${args.umask}`)
  } else {
    cmd.push('-M')
  }
  if (args.system) cmd.push('-r')
  cmd.push(args.name)
  return { kind: 'create', argv: cmd, makeHomeFirst }
}

/** usermod for what differs, or nothing. */
export function modifyCommand(args: UserArgs, facts: UserFacts): MainPlan {
  const info = facts.user!
  const hash = info.password.length <= 1 ? (facts.shadow?.hash ?? '') : info.password
  let cmd = ['usermod']
  if (args.uid !== undefined && info.uid !== args.uid) {
    cmd.push('-u', String(args.uid))
    if (args.non_unique) cmd.push('-o')
  }
  if (args.group !== undefined) {
    const entry = findGroup(facts.groups, args.group)
    if (!entry) return { kind: 'fail', msg: `Group ${args.group} does not exist` }
    if (info.gid !== entry.gid) cmd.push('-g', String(entry.gid))
  }
  if (args.groups !== undefined) {
    const current = facts.groups.filter((g) => g.members.includes(args.name)).map((g) => g.name)
    let needMod = false
    let wanted: string[] = []
    if (args.groups.join(',') === '') {
      needMod = current.length > 0 && !args.append
    } else {
      const groups = groupsSet(args, facts, false)
      if ('missing' in groups) return { kind: 'fail', msg: `Group ${groups.missing} does not exist` }
      wanted = groups.set
      const diff = [...current.filter((g) => !wanted.includes(g)), ...wanted.filter((g) => !current.includes(g))]
      if (diff.length > 0) {
        if (args.append) {
          if (wanted.some((g) => diff.includes(g))) {
            cmd.push('-a')
            needMod = true
          }
        } else {
          needMod = true
        }
      }
    }
    if (needMod) cmd.push('-G', wanted.join(','))
  }
  if (args.comment !== undefined && info.comment !== args.comment) cmd.push('-c', args.comment)
  if (args.home !== undefined && info.home !== args.home) {
    cmd.push('-d', args.home)
    if (args.move_home) cmd.push('-m')
  }
  if (args.shell !== undefined && info.shell !== args.shell) cmd.push('-s', args.shell)
  if (args.expires !== undefined) {
    const current = facts.shadow?.expire ?? -1
    if (args.expires < 0) {
      if (current >= 0) cmd.push('-e', '')
    } else if (current < 0 || expiresDate(current * 86400) !== expiresDate(args.expires)) {
      cmd.push('-e', expiresDate(args.expires))
    }
  }
  // Lock if unlocked, unlock only if locked (usermod refuses to unlock an empty password; Ansible still reports a change).
  if (args.password_lock === true && !hash.startsWith('!')) cmd.push('-L')
  else if (args.password_lock === false && hash.startsWith('!')) cmd.push('-U')
  if (args.update_password === 'always' && args.password !== undefined && hash.replace(/^!+/, '') !== args.password.replace(/^!+/, '')) {
    cmd = cmd.filter((c) => c !== '-U' && c !== '-L')
    cmd.push('-p', passwordValue(args))
  }
  if (cmd.length === 1) return { kind: 'none' }
  cmd.push(args.name)
  return { kind: 'modify', argv: cmd }
}

/** The first command: userdel, useradd, usermod, or nothing. */
export function planMain(args: UserArgs, facts: UserFacts): MainPlan {
  const invalid = userArgsError(args)
  if (invalid) return { kind: 'fail', msg: invalid }
  if (args.state === 'absent') {
    if (!facts.user) return { kind: 'none' }
    return { kind: 'remove', argv: ['userdel', ...(args.force ? ['-f'] : []), ...(args.remove ? ['-r'] : []), args.name] }
  }
  return facts.user ? modifyCommand(args, facts) : createCommand(args, facts)
}

/** What follows the first command for a present user, decided on the facts gathered after it. */
export interface FollowUp {
  /** A home to create from the skeleton and chown (it is missing and create_home is set). */
  createHome?: string
  /** Generate the key: ssh-keygen's argv, its stdin, and what to remove first. */
  keygen?: { argv: string[]; input: string; removePub: boolean; makeDir: boolean }
  /** Why key generation was skipped, or failed before running. */
  keySkipped?: string
  keyError?: string
  /** chage for password_expire_min/max. */
  chage?: string[]
}

/** The path of the ssh key: absolute as given, else under the user's home. */
export function sshKeyPath(args: UserArgs, home: string): string {
  const file = args.ssh_key_file ?? `.ssh/id_${args.ssh_key_type}`
  return file.startsWith('/') ? file : `${home.replace(/\/$/, '')}/${file}`
}

export function planFollowUp(args: UserArgs, facts: UserFacts): FollowUp {
  const out: FollowUp = {}
  const info = facts.user
  if (!info) return out
  const home = args.home ?? info.home
  const homeExists = args.home !== undefined && args.home !== info.home ? facts.argHomeExists : facts.currentHomeExists
  if (!homeExists && args.create_home) out.createHome = home
  if (args.generate_ssh_key) {
    const key = facts.key
    const relative = !(args.ssh_key_file ?? '').startsWith('/')
    if (relative && !facts.currentHomeExists && !out.createHome) {
      out.keyError = `User ${args.name} home directory does not exist`
    } else if (key && key.keyExists && !args.force) {
      out.keySkipped = 'Key already exists, use "force: yes" to overwrite'
    } else if (key && key.pubExists && !args.force) {
      out.keySkipped = 'Public key already exists, use "force: yes" to overwrite'
    } else {
      const path = key?.path ?? sshKeyPath(args, info.home)
      const argv = ['ssh-keygen', '-t', args.ssh_key_type]
      if (args.ssh_key_bits > 0) argv.push('-b', String(args.ssh_key_bits))
      argv.push('-C', args.ssh_key_comment ?? `ansible-generated on ${facts.hostname}`, '-f', path, '-N', args.ssh_key_passphrase ?? '')
      out.keygen = { argv, input: key?.keyExists ? 'y\n' : '', removePub: !!key?.pubExists, makeDir: !key?.dirExists }
    }
  }
  const min = args.password_expire_min
  const max = args.password_expire_max
  const minChange = min !== undefined && facts.shadow !== undefined && min !== facts.shadow.min
  const maxChange = max !== undefined && facts.shadow !== undefined && max !== facts.shadow.max
  if (minChange || maxChange) out.chage = ['chage', ...(minChange ? ['-m', String(min)] : []), ...(maxChange ? ['-M', String(max)] : []), args.name]
  return out
}

/**
 * The registered result, as ansible-core builds it. `after` are the facts once everything ran (in
 * check mode: the facts before, since nothing ran); `main` the first command's output if it ran.
 */
export function userResult(args: UserArgs, plan: MainPlan, main: Outcome | undefined, after: UserFacts, follow: { changed: boolean; key?: KeyFacts }, check: boolean): Record<string, unknown> {
  if (plan.kind === 'fail') return RESULT_FAILED(undefined, plan.msg)
  if (main && main.rc !== 0) return RESULT_FAILED(args.name, main.stderr, main.rc)
  // In check mode a user to create or remove is reported as bare `changed`.
  if (check && (plan.kind === 'create' || plan.kind === 'remove')) return { changed: true }
  const result: Record<string, unknown> = { name: args.name, state: args.state }
  if (plan.kind === 'remove') {
    result.force = args.force
    result.remove = args.remove
  } else if (plan.kind === 'create') {
    result.system = args.system
    result.create_home = args.create_home
  } else if (args.state === 'present') {
    result.append = args.append
    result.move_home = args.move_home
  }
  if (args.state === 'present' && args.password !== undefined) result.password = 'NOT_LOGGING_PASSWORD'
  result.changed = plan.kind === 'create' || plan.kind === 'remove' || plan.kind === 'modify'
  // Ansible adds the _lines forms to any result with stdout/stderr.
  if (main?.stdout) Object.assign(result, withLines({ stdout: main.stdout }))
  if (main?.stderr) Object.assign(result, withLines({ stderr: main.stderr }))
  const info = after.user
  if (args.state === 'present' && info) {
    result.uid = info.uid
    result.group = info.gid
    result.comment = info.comment
    result.home = info.home
    result.shell = info.shell
    if (args.groups !== undefined) result.groups = args.groups.join(',')
    if (follow.changed) result.changed = true
    if (args.generate_ssh_key) {
      const key = follow.key
      result.ssh_fingerprint = key ? (key.fingerprintRc === 0 ? key.fingerprintOut.trim() : key.fingerprintErr.trim()) : ''
      result.ssh_key_file = key?.path ?? sshKeyPath(args, info.home)
      result.ssh_public_key = key?.publicKey ?? null
    }
  }
  return result
}
