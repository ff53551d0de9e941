import { gitEnv, gitFacts, gitProbe, type GitFacts, type RemoteRefs } from '../src/module/git-facts.js'
import { dirnameOf } from '../src/module/paths.js'
import { quote } from '../src/module/shell.js'
import type { Plan, StateModule, Step } from '../src/module/types.js'

export interface GitArgs {
  repo: string
  dest: string
  version: string
  remote: string
  clone: boolean
  update: boolean
  force: boolean
  depth?: number
  bare: boolean
  accept_hostkey: boolean
  accept_newhostkey: boolean
  key_file?: string
  ssh_opts?: string
  single_branch: boolean
  archive?: string
  [key: string]: unknown
}

interface Target {
  sha: string
  kind: 'head' | 'branch' | 'tag' | 'sha'
  branch?: string
}

/** Ansible's get_remote_head: HEAD, a branch, a tag (peeled), or else the version itself taken as a commit. */
function resolve(version: string, refs: RemoteRefs): Target | { failed: string } {
  if (version === 'HEAD') return refs.head ? { sha: refs.head, kind: 'head', branch: refs.headBranch } : { failed: 'Could not determine remote revision for HEAD' }
  const branch = refs.branches.get(version)
  if (branch) return { sha: branch, kind: 'branch', branch: version }
  const tag = refs.tags.get(version)
  if (tag) return { sha: tag, kind: 'tag' }
  return { sha: version, kind: 'sha' }
}

function sshCommand(args: GitArgs): string | undefined {
  const opts: string[] = []
  if (args.accept_hostkey) opts.push('-o StrictHostKeyChecking=no')
  else if (args.accept_newhostkey) opts.push('-o StrictHostKeyChecking=accept-new')
  if (args.key_file) opts.push(`-i ${quote(args.key_file)} -o IdentitiesOnly=yes`)
  if (args.ssh_opts) opts.push(args.ssh_opts)
  return opts.length > 0 ? `ssh ${opts.join(' ')}` : undefined
}

const atVersion = (before: string | undefined, target: Target) => before !== undefined && (before === target.sha || (target.kind === 'sha' && target.sha.length >= 4 && before.startsWith(target.sha)))

/** Ansible's switch_version: a branch is tracked (or reset to the remote's), anything else checked out detached. */
function switchSteps(args: GitArgs, target: Target, localBranches: string[], git: (...a: string[]) => Step): Step[] {
  const branch = target.kind === 'head' ? target.branch : target.kind === 'branch' ? target.branch : undefined
  if (branch === undefined) return target.kind === 'head' ? [] : [git('checkout', '--force', args.version)]
  if (!localBranches.includes(branch)) return [git('checkout', '--track', '-b', branch, `${args.remote}/${branch}`)]
  return [git('checkout', '--force', branch), git('reset', '--hard', `${args.remote}/${branch}`, '--')]
}

function fetchRefspecs(args: GitArgs, target: Target): string[] {
  if (!args.depth) return [`+refs/heads/*:refs/remotes/${args.remote}/*`, '+refs/tags/*:refs/tags/*']
  if (target.kind === 'tag') return [`+refs/tags/${args.version}:refs/tags/${args.version}`]
  if (target.branch) return [`+refs/heads/${target.branch}:refs/remotes/${args.remote}/${target.branch}`]
  return [`+refs/heads/*:refs/remotes/${args.remote}/*`, '+refs/tags/*:refs/tags/*']
}

export function planGit(args: GitArgs, facts: GitFacts, options: { check: boolean }): Plan {
  const env = gitEnv({ sshCommand: sshCommand(args) })
  const git = (...a: string[]): Step => ({ kind: 'exec', argv: ['git', '-C', args.dest, ...a] })
  const after = { command: `echo '@@git:after'; git -C ${quote(args.dest)} rev-parse HEAD`, result: (stdout: string) => ({ after: /@@git:after\n([0-9a-f]+)/.exec(stdout)?.[1] ?? null }) }
  if (args.archive !== undefined) return { changed: false, failed: true, msg: 'drover does not support the git archive option' }
  if (facts.isRepo && !args.update) return { changed: false, result: { before: facts.before ?? null, after: facts.before ?? null } }
  if (facts.isRepo && facts.localMods && !args.force) {
    return { changed: false, failed: true, msg: `Local modifications exist in the destination: ${args.dest} (force=no).`, result: { before: facts.before ?? null } }
  }
  if (!facts.refs) return { changed: false, failed: true, msg: facts.remoteError ?? 'git ls-remote failed', result: { before: facts.before ?? null } }
  const target = resolve(args.version, facts.refs)
  if ('failed' in target) return { changed: false, failed: true, msg: target.failed, result: { before: facts.before ?? null } }
  if (!facts.isRepo) {
    const result = { before: null, after: target.sha }
    if (!args.clone || options.check) return { changed: true, steps: [], result }
    const clone = ['clone', ...(args.bare ? ['--bare'] : ['--origin', args.remote])]
    if (args.depth) {
      if (target.kind === 'head') clone.push('--depth', String(args.depth))
      else if (target.kind !== 'sha') clone.push('--depth', String(args.depth), '--branch', args.version)
    }
    if (args.single_branch) clone.push('--single-branch', ...(target.kind === 'branch' || target.kind === 'tag' ? ['--branch', args.version] : []))
    const cloned = clone.includes('--branch') || target.kind === 'head' ? [facts.refs.headBranch ?? '', args.version] : [facts.refs.headBranch ?? '']
    const steps: Step[] = [
      { kind: 'exec', argv: ['mkdir', '-p', '--', dirnameOf(args.dest)] },
      { kind: 'exec', argv: [...env, 'git', ...clone, '--', args.repo, args.dest] },
      // A fresh clone already has the remote's HEAD checked out.
      ...(args.bare || target.kind === 'head' ? [] : switchSteps(args, target, cloned, git)),
    ]
    return { changed: true, steps, result: { before: null }, after }
  }
  const remoteUrlChanged = facts.remoteUrl !== undefined && facts.remoteUrl !== args.repo
  const at = atVersion(facts.before, target)
  const changed = facts.localMods || remoteUrlChanged || !at
  const before = facts.before ?? null
  const modsMsg = facts.localMods ? { msg: `Local modifications exist in the destination: ${args.dest}` } : {}
  if (!changed) return { changed: false, result: { before, after: before, remote_url_changed: false } }
  if (options.check) return { changed: true, steps: [], result: { before, after: target.sha, remote_url_changed: remoteUrlChanged } }
  const steps: Step[] = []
  if (facts.localMods) steps.push(git('reset', '--hard', 'HEAD'))
  if (remoteUrlChanged) steps.push(git('remote', 'set-url', args.remote, args.repo))
  const fetch = ['fetch', ...(args.depth ? ['--depth', String(args.depth)] : []), ...(args.force ? ['--force'] : []), args.remote, ...fetchRefspecs(args, target)]
  steps.push({ kind: 'exec', argv: [...env, 'git', '-C', args.dest, ...fetch] })
  if (!args.bare) steps.push(...switchSteps(args, target, facts.localBranches, git))
  return { changed: true, steps, result: { before, remote_url_changed: remoteUrlChanged, ...modsMsg }, after }
}

export const git: StateModule<GitArgs, GitFacts> = {
  kind: 'state',
  name: 'git',
  shortDescription: 'Deploy software (or files) from git checkouts',
  description:
    'Clones a git repository to dest on the host, or brings an existing clone to version (a branch, tag or commit), with the git on the host. ' +
    'One read-only frame finds the clone\'s HEAD, uncommitted changes and the remote\'s refs (git ls-remote), so an up-to-date checkout costs one round trip and --check touches nothing. ' +
    'Submodules are not updated, and archive is not supported.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['repo', 'dest'],
    aliases: { name: 'repo' },
    properties: {
      repo: { type: 'string', description: 'git, SSH, HTTP(S) or file URL (or path) of the repository (also: name).' },
      dest: { type: 'string', description: 'The path on the host to clone into.' },
      version: { type: 'string', default: 'HEAD', description: 'What to check out: HEAD (the remote default branch), a branch, a tag or a commit SHA.' },
      remote: { type: 'string', default: 'origin', description: 'Name of the remote.' },
      clone: { type: 'boolean', default: true, description: 'With false, a missing repository is not cloned (only the remote revision is reported).' },
      update: { type: 'boolean', default: true, description: 'With false, an existing clone is left as it is.' },
      force: { type: 'boolean', default: false, description: 'Discard uncommitted changes to tracked files; without it they make the task fail.' },
      depth: { type: 'integer', description: 'Create a shallow clone with this many commits (HEAD, branches and tags only).' },
      bare: { type: 'boolean', default: false, description: 'Make a bare repository.' },
      single_branch: { type: 'boolean', default: false, description: 'Clone only the history leading to version.' },
      accept_hostkey: { type: 'boolean', default: false, description: 'For ssh repositories: add the host key without asking (StrictHostKeyChecking=no).' },
      accept_newhostkey: { type: 'boolean', default: false, description: 'For ssh repositories: accept a host key not seen before, refuse a changed one.' },
      key_file: { type: 'string', description: 'Private key on the host for ssh repositories.' },
      ssh_opts: { type: 'string', description: 'Extra options for ssh (GIT_SSH_COMMAND).' },
      recursive: { type: 'boolean', default: true, description: 'Accepted for compatibility: drover does not update submodules.' },
      track_submodules: { type: 'boolean', default: false, description: 'Accepted for compatibility.' },
      executable: { type: 'string', description: 'Accepted for compatibility: git is run from PATH.' },
      archive: { type: 'string', description: 'Not supported by drover; setting it fails the task.' },
      verify_commit: { type: 'boolean', default: false, description: 'Accepted for compatibility (not verified).' },
      umask: { description: 'Accepted for compatibility.' },
    },
  },
  returns: {
    before: { type: 'str', description: 'The commit checked out before the task (null for a new clone).' },
    after: { type: 'str', description: 'The commit checked out after the task (in --check, the one it would be).' },
    remote_url_changed: { type: 'bool', description: 'Whether the remote URL was changed.', returned: 'dest held a clone and update is true' },
    msg: { type: 'str', description: 'Why the task failed, or that local modifications were discarded.' },
  },
  examples: [
    '- name: Check out the release tag of the app',
    '  ansible.builtin.git:',
    '    repo: https://git.example.com/app.git',
    '    dest: /srv/app',
    '    version: v1.4.2',
    '',
    '- name: Follow main, shallow',
    '  ansible.builtin.git:',
    '    repo: git@git.example.com:ops/tools.git',
    '    dest: /opt/tools',
    '    version: main',
    '    depth: 1',
    '    accept_hostkey: yes',
  ].join('\n'),

  async gather(args, host) {
    return gitFacts((await host.run(gitProbe({ repo: args.repo, dest: args.dest, remote: args.remote, bare: args.bare, sshCommand: sshCommand(args) }))).stdout.toString('utf8'))
  },

  plan(args, facts, options) {
    return planGit(args, facts, options)
  },
}
