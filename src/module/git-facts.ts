/**
 * What the git module reads in its one gather frame: whether dest holds a repository, its HEAD,
 * uncommitted changes to tracked files, the remote's URL, and the remote's refs (`git ls-remote
 * --symref`), from which the plan works out the commit `version` names without touching dest.
 */
import { parseSections } from './file-facts.js'
import { commandLine, quote } from './shell.js'

export interface GitProbeInput {
  repo: string
  dest: string
  remote: string
  bare: boolean
  /** GIT_SSH_COMMAND for ssh repositories (accept_hostkey, key_file, ssh_opts), if any. */
  sshCommand?: string
}

export interface RemoteRefs {
  /** The branch the remote's HEAD points to, when it says. */
  headBranch?: string
  head?: string
  branches: Map<string, string>
  /** Tag name → commit (annotated tags peeled). */
  tags: Map<string, string>
}

export interface GitFacts {
  isRepo: boolean
  before?: string
  localMods: boolean
  remoteUrl?: string
  /** Local branch names. */
  localBranches: string[]
  refs?: RemoteRefs
  /** ls-remote's error, when the repository could not be read. */
  remoteError?: string
}

export function gitEnv(input: Pick<GitProbeInput, 'sshCommand'>): string[] {
  return input.sshCommand ? ['env', `GIT_SSH_COMMAND=${input.sshCommand}`] : []
}

export function gitProbe(input: GitProbeInput): string {
  const git = (...args: string[]) => commandLine(['git', '-C', input.dest, ...args])
  const config = quote(input.bare ? `${input.dest}/config` : `${input.dest}/.git/config`)
  const b64 = (command: string) => `{ ${command}; } 2>/dev/null | base64`
  return [
    `if [ -f ${config} ]; then`,
    `echo '@@g:repo'`,
    `echo '@@g:head'; ${git('rev-parse', 'HEAD')} 2>/dev/null`,
    input.bare ? '' : `echo '@@g:status'; ${b64(`${git('status', '--porcelain')} | grep -v '^??'`)}`,
    `echo '@@g:url'; ${b64(git('config', '--get', `remote.${input.remote}.url`))}`,
    `echo '@@g:branches'; ${b64(git('for-each-ref', '--format=%(refname:short)', 'refs/heads'))}`,
    'fi',
    `drover_o=$(${commandLine([...gitEnv(input), 'git', 'ls-remote', '--symref', '--', input.repo])} 2>&1); drover_rc=$?`,
    `echo '@@g:lsrc'; echo "$drover_rc"; echo '@@g:ls'; printf '%s\\n' "$drover_o" | base64`,
  ].join('\n')
}

export function parseRefs(text: string): RemoteRefs {
  const refs: RemoteRefs = { branches: new Map(), tags: new Map() }
  for (const line of text.split('\n')) {
    const symref = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line)
    if (symref) {
      refs.headBranch = symref[1]
      continue
    }
    const [sha, ref] = line.split('\t')
    if (!sha || !ref || !/^[0-9a-f]{40,64}$/.test(sha)) continue
    if (ref === 'HEAD') refs.head = sha
    else if (ref.startsWith('refs/heads/')) refs.branches.set(ref.slice(11), sha)
    else if (ref.startsWith('refs/tags/')) {
      const name = ref.slice(10)
      // The peeled line (^{}) names the commit an annotated tag points to: it wins.
      if (name.endsWith('^{}')) refs.tags.set(name.slice(0, -3), sha)
      else if (!refs.tags.has(name)) refs.tags.set(name, sha)
    }
  }
  return refs
}

export function gitFacts(stdout: string): GitFacts {
  const s = parseSections(stdout)
  const text = (key: string) => Buffer.from(s.get(key) ?? '', 'base64').toString('utf8')
  const isRepo = s.has('g:repo')
  const facts: GitFacts = { isRepo, localMods: isRepo && text('g:status').trim() !== '', localBranches: text('g:branches').split('\n').filter((b) => b !== '') }
  if (isRepo) {
    facts.before = (s.get('g:head') ?? '').trim() || undefined
    facts.remoteUrl = text('g:url').trim() || undefined
  }
  const ls = text('g:ls')
  if ((s.get('g:lsrc') ?? '').trim() === '0') facts.refs = parseRefs(ls)
  else facts.remoteError = ls.trim() || 'git ls-remote failed'
  return facts
}
