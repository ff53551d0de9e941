import { enforceKeys } from '../src/module/authorized-keys.js'
import { pathInfo } from '../src/module/file-attributes.js'
import { parseSections, pathFacts, pathProbe, type PathFacts } from '../src/module/file-facts.js'
import { afterProbe, dirnameOf } from '../src/module/paths.js'
import { quote } from '../src/module/shell.js'
import type { Plan, PlanOptions, StateModule, Step } from '../src/module/types.js'

export interface AuthorizedKeyArgs {
  user: string
  key: string
  path?: string
  manage_dir: boolean
  state: 'present' | 'absent'
  key_options?: string
  exclusive: boolean
  comment?: string
  validate_certs: boolean
  follow: boolean
}

export interface AuthorizedKeyFacts {
  /** The user's passwd entry, when the host knows the user. */
  account?: { uid: number; gid: number; home: string }
  keyfile: string
  exists: boolean
  content: string
  dirExists: boolean
  /** The `path` argument's own facts, when given: Ansible reports them (add_path_info). */
  path?: PathFacts
}

export function authorizedKeyProbe(args: AuthorizedKeyArgs): string {
  const u = quote(args.user)
  return [
    `drover_pw=$( { getent passwd -- ${u} 2>/dev/null || drover_u=${u} awk -F: '$1 == ENVIRON["drover_u"] { print; exit }' /etc/passwd; } | head -n 1)`,
    `echo '@@ak:user'; printf '%s' "$drover_pw" | base64`,
    args.path !== undefined ? `drover_k=${quote(args.path)}` : `drover_k="$(printf '%s' "$drover_pw" | cut -d: -f6)/.ssh/authorized_keys"`,
    args.follow ? 'drover_k=$(readlink -f -- "$drover_k" || printf %s "$drover_k")' : '',
    `echo '@@ak:keyfile'; printf '%s' "$drover_k" | base64`,
    `if [ -e "$drover_k" ]; then echo '@@ak:exists'; fi`,
    `if [ -f "$drover_k" ]; then echo '@@ak:content'; base64 < "$drover_k"; fi`,
    `if [ -d "$(dirname -- "$drover_k")" ]; then echo '@@ak:dir'; fi`,
    args.path !== undefined ? pathProbe('akp', args.path) : '',
  ].join('\n')
}

export function authorizedKeyFacts(stdout: string, path?: string): AuthorizedKeyFacts {
  const s = parseSections(stdout)
  const text = (key: string) => Buffer.from(s.get(key) ?? '', 'base64').toString('utf8')
  const pw = text('ak:user').split(':')
  const account = pw.length >= 7 && /^\d+$/.test(pw[2] ?? '') ? { uid: Number(pw[2]), gid: Number(pw[3]), home: pw[5] ?? '' } : undefined
  const facts: AuthorizedKeyFacts = { account, keyfile: text('ak:keyfile'), exists: s.has('ak:exists'), content: text('ak:content'), dirExists: s.has('ak:dir') }
  if (path !== undefined) facts.path = pathFacts(s, 'akp', path)
  return facts
}

export function planAuthorizedKey(args: AuthorizedKeyArgs, facts: AuthorizedKeyFacts, options: PlanOptions): Plan {
  const params = {
    user: args.user, key: args.key, path: args.path ?? null, manage_dir: args.manage_dir, state: args.state, key_options: args.key_options ?? null,
    exclusive: args.exclusive, comment: args.comment ?? null, validate_certs: args.validate_certs, follow: args.follow,
  }
  const fail = (msg: string): Plan => ({ changed: false, failed: true, msg, result: params })
  if (args.key.startsWith('http')) return fail('drover does not fetch keys from URLs: fetch the key (get_url, uri) and pass its text')
  // In check mode with a path, Ansible does not look the user up.
  if (!facts.account && !(options.check && args.path !== undefined)) {
    if (options.check) return fail('Either user must exist or you must provide full path to key file in check mode')
    return fail(`Failed to lookup user ${args.user}: "getpwnam(): name not found: '${args.user}'"`)
  }
  // With a path, Ansible's exit_json adds that path's stat (as it is now; after the change, from the apply frame).
  const current = facts.path?.exists ? pathInfo(facts.path.stat) : {}
  const result = { ...params, keyfile: facts.keyfile }
  const enforced = enforceKeys(facts.content, { key: args.key, state: args.state, keyOptions: args.key_options, exclusive: args.exclusive, comment: args.comment })
  if ('invalid' in enforced) return { changed: false, failed: true, msg: enforced.invalid }
  if (enforced.content === undefined) return { changed: false, result: { ...result, ...current } }
  const diff = { before_header: facts.keyfile, after_header: facts.keyfile, before: facts.content, after: enforced.content }
  const steps: Step[] = []
  const account = facts.account
  if (account) {
    const ids = `${account.uid}:${account.gid}`
    const dir = dirnameOf(facts.keyfile)
    if (args.manage_dir) {
      // Ansible creates only the last directory, 0700, and owns it to the user every time it writes.
      if (!facts.dirExists) steps.push({ kind: 'exec', argv: ['mkdir', '-m', '0700', '--', dir] })
      steps.push({ kind: 'exec', argv: ['chown', ids, '--', dir] }, { kind: 'exec', argv: ['chmod', '0700', '--', dir] })
    } else if (!facts.dirExists) steps.push({ kind: 'exec', argv: ['mkdir', '-p', '--', dir] })
    steps.push({ kind: 'write', path: facts.keyfile, content: enforced.content, mode: '0600', owner: String(account.uid), group: String(account.gid) })
  }
  if (options.check || args.path === undefined) return { changed: true, steps, diff, result: { ...result, ...current } }
  return { changed: true, steps, diff, result, after: afterProbe(args.path) }
}

export const authorized_key: StateModule<AuthorizedKeyArgs, AuthorizedKeyFacts> = {
  kind: 'state',
  name: 'authorized_key',
  collection: 'ansible.posix',
  shortDescription: 'Adds or removes an SSH authorized key',
  description:
    "Adds or removes SSH authorized keys for a user (ansible.posix.authorized_key): ~user/.ssh/authorized_keys unless path is given. " +
    'Keys are matched by their base64 blob, then options and comment; the file is rewritten as Ansible rewrites it, owned by the user, mode 0600. ' +
    'Keys from URLs are not fetched.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['user', 'key'],
    properties: {
      user: { type: 'string', description: 'The user on the host whose authorized_keys is changed (and who owns it).' },
      key: { type: 'string', description: 'The SSH public key(s): one per line, as in authorized_keys (options and comment allowed).' },
      path: { type: 'string', description: 'Another authorized_keys file than ~user/.ssh/authorized_keys.' },
      manage_dir: { type: 'boolean', default: true, description: "Create the key file's directory if missing (0700) and own it to the user." },
      state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the key(s) should be in the file.' },
      key_options: { type: 'string', description: 'ssh key options (from="...",no-pty) given to every key in key.' },
      exclusive: { type: 'boolean', default: false, description: 'Remove every other key from the file.' },
      comment: { type: 'string', description: "Replace the keys' comments with this one." },
      validate_certs: { type: 'boolean', default: true, description: 'Accepted for compatibility (keys from URLs are not fetched).' },
      follow: { type: 'boolean', default: false, description: 'Follow a symlinked key file instead of replacing it.' },
    },
  },
  returns: {
    keyfile: { type: 'str', description: 'The authorized_keys file.' },
    user: { type: 'str', description: 'The user.' },
    key: { type: 'str', description: 'The key argument.' },
    exclusive: { type: 'bool', description: 'The exclusive argument.' },
  },
  examples: [
    '- name: Let deploy in with the CI key',
    '  ansible.posix.authorized_key:',
    '    user: deploy',
    '    key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... ci@example"',
    '    key_options: from="10.0.0.0/8",no-agent-forwarding',
    '',
    '- name: Only these keys for root',
    '  ansible.posix.authorized_key:',
    '    user: root',
    '    key: "{{ admin_keys | join(\'\\n\') }}"',
    '    exclusive: true',
  ].join('\n'),

  async gather(args, host) {
    return authorizedKeyFacts((await host.run(authorizedKeyProbe(args))).stdout.toString('utf8'), args.path)
  },

  plan(args, facts, options) {
    return planAuthorizedKey(args, facts, options)
  },
}
