import { getentCommand, parseGroups, parsePasswd, parseShadow, readSections, section } from '../src/module/accounts.js'
import { commandLine, quote } from '../src/module/shell.js'
import type { ActionModule, ModuleContext, ModuleResult } from '../src/module/types.js'
import { planFollowUp, planMain, sshKeyPath, userResult, type KeyFacts, type Outcome, type UserArgs, type UserFacts } from '../src/module/user-plan.js'

export type { UserArgs } from '../src/module/user-plan.js'

const SBIN = 'PATH="$PATH:/usr/sbin:/sbin"'

/** One read-only frame: the user's passwd and shadow entries, every group, and the paths that matter. */
export function userProbe(args: UserArgs): string {
  const lines = [
    SBIN,
    section('passwd', getentCommand('passwd', args.name)),
    section('shadow', getentCommand('shadow', args.name)),
    section('group', 'getent group'),
    section('hostname', 'uname -n'),
    section('umask', "sed -n 's/^UMASK[[:space:]]\\{1,\\}\\([0-9]\\{1,\\}\\)$/\\1/p' /etc/login.defs | tail -n 1"),
    `drover_home=$(${getentCommand('passwd', args.name)} | cut -d: -f6)`,
    section('curhome', '[ -n "$drover_home" ] && [ -e "$drover_home" ] && echo y'),
  ]
  if (args.home !== undefined) {
    const parent = args.home.replace(/\/[^/]*\/?$/, '') || '/'
    lines.push(section('homeparent', `[ -d ${quote(parent)} ] && echo y`), section('homeexists', `[ -e ${quote(args.home)} ] && echo y`))
  }
  if (args.generate_ssh_key) lines.push(...keyProbe(args))
  return lines.join('\n')
}

/** The key at its path under the user's current home (`$drover_home`) or its absolute path. */
function keyProbe(args: UserArgs): string[] {
  const file = args.ssh_key_file ?? `.ssh/id_${args.ssh_key_type}`
  const key = file.startsWith('/') ? `drover_key=${quote(file)}` : `drover_key="\${drover_home%/}"/${quote(file)}`
  return [
    key,
    section('keypath', 'printf %s "$drover_key"'),
    section('keydir', '[ -d "$(dirname -- "$drover_key")" ] && echo y'),
    section('keyexists', '[ -e "$drover_key" ] && echo y'),
    section('pubexists', '[ -e "$drover_key.pub" ] && echo y'),
    section('fprc', '[ -e "$drover_key" ] && { ssh-keygen -l -f "$drover_key" >/dev/null 2>&1; echo $?; }'),
    section('fpout', '[ -e "$drover_key" ] && ssh-keygen -l -f "$drover_key" 2>/dev/null'),
    section('fperr', '[ -e "$drover_key" ] && ssh-keygen -l -f "$drover_key" 2>&1 >/dev/null'),
    section('pub', 'cat -- "$drover_key.pub"'),
  ]
}

export function parseUserFacts(stdout: string, args: UserArgs): UserFacts {
  const s = readSections(stdout)
  const yes = (tag: string) => (s.get(tag) ?? '').trim() === 'y'
  const facts: UserFacts = {
    user: parsePasswd((s.get('passwd') ?? '').split('\n')[0] ?? ''),
    shadow: parseShadow((s.get('shadow') ?? '').split('\n')[0] ?? ''),
    groups: parseGroups(s.get('group') ?? ''),
    hostname: (s.get('hostname') ?? '').trim(),
    homeParentIsDir: yes('homeparent'),
    argHomeExists: yes('homeexists'),
    currentHomeExists: yes('curhome'),
    loginUmask: (s.get('umask') ?? '').trim() || undefined,
  }
  if (args.generate_ssh_key && facts.user) {
    const rc = (s.get('fprc') ?? '').trim()
    facts.key = {
      path: s.get('keypath') ?? sshKeyPath(args, facts.user.home),
      dirExists: yes('keydir'),
      keyExists: yes('keyexists'),
      pubExists: yes('pubexists'),
      // A missing key is not fingerprinted: Ansible reports an empty fingerprint then.
      fingerprintRc: rc === '' ? 1 : Number(rc),
      fingerprintOut: s.get('fpout') ?? '',
      fingerprintErr: s.get('fperr') ?? '',
      publicKey: yes('pubexists') ? (s.get('pub') ?? '').trim() : undefined,
    }
  }
  return facts
}

async function gather(context: ModuleContext, args: UserArgs): Promise<UserFacts> {
  return parseUserFacts((await context.connection.exec(userProbe(args))).stdout.toString('utf8'), args)
}

async function run(context: ModuleContext, script: string): Promise<Outcome> {
  const out = await context.connection.exec(script)
  return { rc: out.rc, stdout: out.stdout.toString('utf8'), stderr: out.stderr.toString('utf8') }
}

/** The home Ansible's create_homedir makes: a copy of the skeleton (or an empty dir), mode from login.defs' UMASK, owned by the user. */
export function createHomeScript(home: string, skeleton: string, loginUmask: string | undefined, uid: number, gid: number): string {
  const make = `if [ -e ${quote(skeleton)} ]; then mkdir -p -- "$(dirname -- ${quote(home)})" && cp -a -- ${quote(skeleton)} ${quote(home)}; else mkdir -p -- ${quote(home)}; fi`
  const parts = [`if [ ! -e ${quote(home)} ]; then ${make}; fi`]
  if (loginUmask !== undefined) parts.push(commandLine(['chmod', (0o777 & ~parseInt(loginUmask, 8)).toString(8), home]))
  parts.push(commandLine(['chown', '-R', `${uid}:${gid}`, '--', home]))
  return parts.join(' &&\n')
}

function keygenScript(keygen: NonNullable<ReturnType<typeof planFollowUp>['keygen']>, path: string, uid: number, gid: number): string {
  const dir = path.replace(/\/[^/]*$/, '') || '/'
  const steps: string[] = []
  if (keygen.makeDir) steps.push(`mkdir -m 0700 -- ${quote(dir)}`, commandLine(['chown', `${uid}:${gid}`, '--', dir]))
  if (keygen.removePub) steps.push(commandLine(['rm', '-f', '--', `${path}.pub`]))
  steps.push(`printf %s ${quote(keygen.input)} | ${commandLine(keygen.argv)} >/dev/null`)
  steps.push(commandLine(['chown', `${uid}:${gid}`, '--', path, `${path}.pub`]))
  return steps.join(' &&\n')
}

/**
 * An action over pure decisions (src/module/user-plan.ts), like Ansible's: the result carries the
 * command's own stdout and stderr, and the uid of a new user is only known once useradd ran, so the
 * facts are gathered again after the first command.
 */
export const user: ActionModule<UserArgs> = {
  kind: 'action',
  name: 'user',
  shortDescription: 'Manage user accounts',
  description:
    'Creates, changes and removes local user accounts with useradd, usermod and userdel (shadow-utils), as ansible-core does on Linux: ' +
    'uid, primary group, supplementary groups (replaced, or appended with append), comment, home (moved with move_home), shell, ' +
    'password hash (update_password), locking, expiry, password ageing (chage), and ssh key generation. Facts come from getent ' +
    '(passwd, shadow, group). Check mode changes nothing; like Ansible, it returns no diff.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['name'],
    aliases: { user: 'name', createhome: 'create_home' },
    properties: {
      name: { type: 'string', description: 'The user name (also: user).' },
      state: { type: 'string', default: 'present', enum: ['present', 'absent'], description: 'present: the account exists as described; absent: it does not.' },
      uid: { type: 'integer', description: 'The user id.' },
      non_unique: { type: 'boolean', default: false, description: 'With uid, allow a uid another account already has (-o).' },
      group: { type: 'string', description: 'The primary group (name or gid); it must exist.' },
      groups: { type: 'array', items: { type: 'string' }, description: 'Supplementary groups (a list or a comma-separated string); they must exist. An empty list removes all unless append.' },
      append: { type: 'boolean', default: false, description: 'Add the groups to the current ones instead of replacing them.' },
      comment: { type: 'string', description: 'The GECOS field.' },
      home: { type: 'string', description: 'The home directory.' },
      shell: { type: 'string', description: 'The login shell.' },
      password: { type: 'string', description: 'The password hash (crypt format), as /etc/shadow holds it; never a clear-text password.' },
      update_password: { type: 'string', default: 'always', enum: ['always', 'on_create'], description: 'always: set the hash whenever it differs; on_create: only for new users.' },
      password_lock: { type: 'boolean', description: 'Lock (true) or unlock (false) the password.' },
      create_home: { type: 'boolean', default: true, description: 'Create the home directory for a new user, or when it is missing (also: createhome).' },
      move_home: { type: 'boolean', default: false, description: 'When home changes, move the contents (usermod -m).' },
      skeleton: { type: 'string', description: 'The skeleton directory for a new home (default /etc/skel).' },
      umask: { type: 'string', description: 'The umask for a new home (useradd -K UMASK=).' },
      system: { type: 'boolean', default: false, description: 'Create a system account (useradd -r); only affects new users.' },
      force: { type: 'boolean', default: false, description: 'With state=absent: userdel -f. With generate_ssh_key: overwrite an existing key.' },
      remove: { type: 'boolean', default: false, description: 'With state=absent: also remove the home directory and mail spool (userdel -r).' },
      seuser: { type: 'string', description: 'SELinux user (useradd -Z).' },
      expires: { type: 'number', description: 'Account expiry, in seconds since the epoch (a negative number removes it).' },
      password_expire_max: { type: 'integer', description: 'Maximum password age in days (chage -M).' },
      password_expire_min: { type: 'integer', description: 'Minimum password age in days (chage -m).' },
      generate_ssh_key: { type: 'boolean', description: 'Generate an ssh key for the user (kept if it exists, unless force).' },
      ssh_key_bits: { type: 'integer', default: 0, description: 'Key size; 0 leaves it to ssh-keygen.' },
      ssh_key_type: { type: 'string', default: 'rsa', description: 'Key type (ssh-keygen -t).' },
      ssh_key_file: { type: 'string', description: 'The key path; relative paths are under the home (default .ssh/id_<type>).' },
      ssh_key_comment: { type: 'string', description: 'The key comment (default "ansible-generated on <hostname>").' },
      ssh_key_passphrase: { type: 'string', description: 'A passphrase for the key. Given to ssh-keygen -N, so it shows in the host\'s process list while the key is made.' },
      local: { type: 'boolean', description: 'Not supported (libuser).' },
    },
  },
  returns: {
    name: { type: 'str', description: 'The user name.' },
    state: { type: 'str', description: 'The requested state.' },
    uid: { type: 'int', description: 'The user id.', returned: 'state=present' },
    group: { type: 'int', description: 'The primary group id.', returned: 'state=present' },
    groups: { type: 'str', description: 'The groups as given (comma-separated).', returned: 'groups given' },
    comment: { type: 'str', description: 'The GECOS field.', returned: 'state=present' },
    home: { type: 'str', description: 'The home directory.', returned: 'state=present' },
    shell: { type: 'str', description: 'The login shell.', returned: 'state=present' },
    system: { type: 'bool', description: 'Whether a system account was asked for.', returned: 'a user was created' },
    create_home: { type: 'bool', description: 'Whether a home was to be created.', returned: 'a user was created' },
    append: { type: 'bool', description: 'The append argument.', returned: 'an existing user' },
    move_home: { type: 'bool', description: 'The move_home argument.', returned: 'an existing user' },
    force: { type: 'bool', description: 'The force argument.', returned: 'a user was removed' },
    remove: { type: 'bool', description: 'The remove argument.', returned: 'a user was removed' },
    password: { type: 'str', description: 'NOT_LOGGING_PASSWORD when a password was given.', returned: 'password given' },
    ssh_fingerprint: { type: 'str', description: 'ssh-keygen -l of the key.', returned: 'generate_ssh_key' },
    ssh_key_file: { type: 'str', description: 'The key path.', returned: 'generate_ssh_key' },
    ssh_public_key: { type: 'str', description: 'The public key.', returned: 'generate_ssh_key' },
    stdout: { type: 'str', description: 'What useradd/usermod/userdel printed.', returned: 'when not empty' },
    stderr: { type: 'str', description: 'Their error output.', returned: 'when not empty' },
  },
  examples: [
    '- name: A user with a fixed uid, in two more groups',
    '  ansible.builtin.user:',
    '    name: alice',
    '    uid: 1040',
    '    groups: [sudo, adm]',
    '    append: true',
    '    shell: /bin/bash',
    '',
    '- name: Remove a user and the home directory',
    '  ansible.builtin.user:',
    '    name: bob',
    '    state: absent',
    '    remove: true',
  ].join('\n'),

  async run(args, context) {
    const before = await gather(context, args)
    const plan = planMain(args, before)
    if (plan.kind === 'fail') return userResult(args, plan, undefined, before, { changed: false }, context.check)
    let main: Outcome | undefined
    let after = before
    if (plan.kind !== 'none' && !context.check) {
      if (plan.kind === 'create' && plan.makeHomeFirst) {
        const made = await run(context, createHomeScript(args.home!, args.skeleton ?? '/etc/skel', before.loginUmask, 0, 0))
        if (made.rc !== 0) return { name: args.name, failed: true, changed: false, msg: made.stderr.trim() }
      }
      main = await run(context, `${SBIN}\n${commandLine(plan.argv)}`)
      if (main.rc !== 0) return userResult(args, plan, main, before, { changed: false }, false)
      after = await gather(context, args)
      if (plan.kind === 'create' && plan.makeHomeFirst && after.user) {
        // useradd found the home made above and skipped the skeleton; it belongs to the new user.
        const owned = await run(context, commandLine(['chown', '-R', `${after.user.uid}:${after.user.gid}`, '--', args.home!]))
        if (owned.rc !== 0) return { name: args.name, failed: true, changed: false, msg: owned.stderr.trim() }
      }
    }
    if (context.check && (plan.kind === 'create' || plan.kind === 'remove')) return { changed: true }
    if (args.state === 'absent' || !after.user) return userResult(args, plan, main, after, { changed: false }, context.check)
    return finish(args, plan, main, after, context)
  },
}

/** Ansible's steps after the account exists: a missing home, the ssh key, password ageing. */
async function finish(args: UserArgs, plan: ReturnType<typeof planMain>, main: Outcome | undefined, after: UserFacts, context: ModuleContext): Promise<ModuleResult> {
  const follow = planFollowUp(args, after)
  const info = after.user!
  let changed = false
  let key: KeyFacts | undefined = after.key
  if (follow.createHome !== undefined) {
    changed = true
    if (!context.check) {
      const made = await run(context, createHomeScript(follow.createHome, args.skeleton ?? '/etc/skel', after.loginUmask, info.uid, info.gid))
      if (made.rc !== 0) return { ...userResult(args, plan, main, after, { changed }, false), failed: true, msg: made.stderr.trim() }
    }
  }
  if (args.generate_ssh_key) {
    if (follow.keyError && !context.check) return { name: args.name, msg: follow.keyError, rc: 1, failed: true, changed: false }
    if (follow.keygen) {
      changed = true
      if (!context.check) {
        const path = key?.path ?? sshKeyPath(args, info.home)
        const made = await run(context, keygenScript(follow.keygen, path, info.uid, info.gid))
        if (made.rc !== 0) return { name: args.name, msg: made.stderr, rc: made.rc, failed: true, changed: false }
        key = (await gather(context, args)).key
      }
    }
  }
  if (follow.chage) {
    changed = true
    if (!context.check) {
      const aged = await run(context, `${SBIN}\n${commandLine(follow.chage)}`)
      if (aged.rc !== 0) return { name: args.name, msg: aged.stderr, rc: aged.rc, failed: true, changed: false }
    }
  }
  return userResult(args, plan, main, after, { changed, key }, context.check)
}
