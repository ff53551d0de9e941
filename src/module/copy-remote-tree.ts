/**
 * copy with remote_src and a directory as src: Ansible's copy module merges src into a target
 * directory (dest for 'src/', dest/<name> for 'src'), copying what is missing and files whose
 * content differs, with the source's permission bits, never deleting; then owner/group on the
 * whole target (chown_recursive) and mode on dest alone. One gather frame lists the source tree and
 * how each entry compares with the target (cmp), so the plan is exact and the apply frame only copies.
 */
import { inlineCommand } from '../connection/shell-session.js'
import { isAttributeFailure, pathInfo, planAttributes } from './file-attributes.js'
import { hostEnv, hostProbe, identity, identityProbe, parseSections, pathFacts, pathProbe, type HostEnv, type Identity, type PathFacts, type Sections } from './file-facts.js'
import type { ModeSpec } from './file-mode.js'
import { afterProbe, joinPath } from './paths.js'
import { quote } from './shell.js'
import type { HostProbe, Plan, PlanOptions, Step } from './types.js'

export interface RemoteTreeInput {
  src: string
  dest: string
  mode?: ModeSpec
  owner?: string
  group?: string
}

export interface RemoteEntry {
  rel: string
  type: 'directory' | 'file' | 'other'
  mode: number
  status: 'missing' | 'same' | 'differs'
  /** uid:gid of the target entry when it exists. */
  ids?: { uid: number; gid: number }
}

export interface RemoteTreeFacts {
  env: HostEnv
  ids: Identity
  src: PathFacts
  dest: PathFacts
  target: PathFacts
  entries: RemoteEntry[]
}

function basename(path: string): string {
  return path.endsWith('/') ? '' : (path.split('/').pop() ?? '')
}

/** The directory src is merged into: dest for 'src/', dest/<name> for 'src'. */
export function targetOf(input: RemoteTreeInput): string {
  const base = basename(input.src)
  return base ? joinPath(input.dest, base) : input.dest
}

// Run with $drover_t set to the target; prints one line per entry under the source (links followed):
// type, octal mode, status, target uid:gid, then the path in base64 (any byte in a name is data).
const LIST_ENTRY = [
  'for p do',
  '  if [ -d "$p" ]; then t=directory; elif [ -f "$p" ]; then t=file; else t=other; fi',
  '  q="$drover_t/${p#./}"',
  '  if [ ! -e "$q" ] && [ ! -L "$q" ]; then s=missing; o=-',
  '  else o=$(stat -L -c %u:%g -- "$q"); s=differs',
  '    if [ "$t" = directory ] && [ -d "$q" ]; then s=same; elif [ "$t" = file ] && [ -f "$q" ] && cmp -s -- "$p" "$q"; then s=same; fi',
  '  fi',
  '  printf "%s %s %s %s " "$t" "$(stat -L -c %a -- "$p")" "$s" "$o"; printf %s "${p#./}" | base64 | tr -d "\\n"; echo',
  'done',
].join('\n')

/** Shell text for the gather frame; its sections use tags of their own so it can join copy's probe. */
export function remoteTreeProbe(input: RemoteTreeInput): string {
  const target = targetOf(input)
  return [
    hostProbe(),
    identityProbe(input.owner, input.group),
    pathProbe('ts', input.src),
    pathProbe('td', input.dest),
    pathProbe('tt', target),
    `if [ -d ${quote(input.src)} ]; then echo '@@tree:entries'; (cd -- ${quote(input.src)} && drover_t=${quote(target)} && export drover_t && find -L . -mindepth 1 -exec sh -c ${quote(LIST_ENTRY)} sh {} + 2>/dev/null); fi`,
  ].join('\n')
}

export function remoteTreeFacts(input: RemoteTreeInput, sections: Sections): RemoteTreeFacts {
  const entries = (sections.get('tree:entries') ?? '').split('\n').filter((l) => l.trim() !== '').map((line): RemoteEntry => {
    const [type, mode, status, ids, path] = line.split(' ')
    const [uid, gid] = (ids ?? '-').split(':')
    return {
      rel: Buffer.from(path ?? '', 'base64').toString('utf8'),
      type: type as RemoteEntry['type'],
      mode: parseInt(mode ?? '0', 8),
      status: status as RemoteEntry['status'],
      ...(ids !== '-' ? { ids: { uid: Number(uid), gid: Number(gid) } } : {}),
    }
  })
  // Parents must be made before what they hold.
  entries.sort((a, b) => a.rel.split('/').length - b.rel.split('/').length)
  const target = targetOf(input)
  return { env: hostEnv(sections), ids: identity(sections), src: pathFacts(sections, 'ts', input.src), dest: pathFacts(sections, 'td', input.dest), target: pathFacts(sections, 'tt', target), entries }
}

export async function gatherRemoteTree(input: RemoteTreeInput, host: HostProbe): Promise<RemoteTreeFacts> {
  return remoteTreeFacts(input, parseSections((await host.run(inlineCommand(remoteTreeProbe(input)))).stdout.toString('utf8')))
}

const octal = (mode: number) => mode.toString(8).padStart(4, '0')

export function planRemoteTree(input: RemoteTreeInput, facts: RemoteTreeFacts, options: PlanOptions): Plan {
  const target = targetOf(input)
  const destIsDir = (facts.dest.stat?.type === 'link' ? facts.dest.target : facts.dest.stat)?.type === 'directory'
  // Reported as the module does: os.path.join(dest, basename(src)) when dest was a directory.
  const reported = destIsDir ? joinPath(input.dest, basename(input.src)) + (basename(input.src) ? '' : input.dest.endsWith('/') ? '' : '/') : input.dest
  const base = { dest: reported, src: input.src, checksum: null, md5sum: null }
  if (facts.dest.exists && !destIsDir) return { changed: false, failed: true, msg: `Destination ${input.dest} is not a directory`, result: base }
  const steps: Step[] = []
  const srcMode = facts.src.target?.mode ?? facts.src.stat?.mode ?? 0o755
  if (!facts.target.exists) {
    steps.push({ kind: 'exec', argv: ['mkdir', '-p', '--', target] })
    // copytree gives the new directory the source's mode; makedirs (src without '/' into a new dest) the umask's.
    if (destIsDir || !basename(input.src)) steps.push({ kind: 'exec', argv: ['chmod', octal(srcMode), '--', target] })
  } else if ((facts.target.target ?? facts.target.stat)?.type !== 'directory') return { changed: false, failed: true, msg: `${target} is not a directory`, result: base }
  for (const entry of facts.entries) {
    const path = `${target}/${entry.rel}`
    const from = `${input.src.replace(/\/+$/, '')}/${entry.rel}`
    if (entry.status === 'same' || entry.type === 'other') continue
    if (entry.type === 'directory') {
      if (entry.status === 'differs') return { changed: false, failed: true, msg: `${path} exists and is not a directory`, result: base }
      steps.push({ kind: 'exec', argv: ['mkdir', '--', path] }, { kind: 'exec', argv: ['chmod', octal(entry.mode), '--', path] })
    } else steps.push({ kind: 'exec', argv: ['cp', '-f', '--', from, path] }, { kind: 'exec', argv: ['chmod', octal(entry.mode), '--', path] })
  }
  const uid = input.owner !== undefined ? facts.ids.owner?.uid : undefined
  const gid = input.group !== undefined ? facts.ids.group?.gid : undefined
  if (input.owner !== undefined && uid === undefined) return { changed: false, failed: true, msg: `chown failed: failed to look up user ${input.owner}`, result: base }
  if (input.group !== undefined && gid === undefined) return { changed: false, failed: true, msg: `chgrp failed: failed to look up group ${input.group}`, result: base }
  const copied = steps.length > 0
  const top = facts.target.target ?? facts.target.stat
  const idsDiffer = (top !== undefined && ((uid !== undefined && top.uid !== uid) || (gid !== undefined && top.gid !== gid))) || facts.entries.some((e) => e.ids === undefined || (uid !== undefined && e.ids.uid !== uid) || (gid !== undefined && e.ids.gid !== gid))
  if ((uid !== undefined || gid !== undefined) && (copied || idsDiffer)) steps.push({ kind: 'exec', argv: ['chown', '-R', `${uid ?? ''}${gid !== undefined ? `:${gid}` : ''}`, '--', target] })
  // mode applies to dest itself (the target when dest was a directory), not recursively.
  const modePath = destIsDir ? joinPath(input.dest, basename(input.src)) : input.dest
  const modeFacts = destIsDir && basename(input.src) ? facts.target : facts.dest
  const current = (modeFacts.stat?.type === 'link' ? modeFacts.target : modeFacts.stat) ?? { type: 'directory' as const, mode: 0o777 & ~facts.env.umask, uid: facts.env.uid, gid: facts.env.gid }
  const attrs = planAttributes(modePath, { type: 'directory', mode: current.mode, uid: current.uid, gid: current.gid }, { mode: input.mode }, facts)
  if (isAttributeFailure(attrs)) return { changed: false, failed: true, msg: attrs.msg, result: base }
  steps.push(...attrs.steps)
  if (steps.length === 0) return { changed: false, result: { ...base, ...pathInfo(modeFacts.stat) } }
  // Check mode reports the path as it is now, when it exists.
  if (options.check) return { changed: true, steps, result: modeFacts.exists ? { ...base, ...pathInfo(modeFacts.stat) } : base }
  return { changed: true, steps, result: base, after: afterProbe(modePath) }
}
