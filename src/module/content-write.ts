/**
 * Putting whole-file content at a destination, shared by copy and template (and the text editors):
 * checksum-based idempotency, mode/owner/group, backup, validate, and the result and diff Ansible
 * returns. The destination's content only travels back to the controller when it differs and is
 * small enough to diff (Ansible's max_diff_size).
 */
import { createHash } from 'node:crypto'
import { inlineCommand } from '../connection/shell-session.js'
import { isAttributeFailure, planAttributes, type AttributeArgs } from './file-attributes.js'
import {
  hostEnv, hostProbe, identity, identityProbe, parseSections, pathFacts, pathProbe,
  type HostEnv, type Identity, type PathFacts,
} from './file-facts.js'
import { formatMode } from './file-mode.js'
import { dirnameOf } from './paths.js'
import { quote } from './shell.js'
import { shlexSplit } from './shlex.js'
import type { FileDiff, HostProbe, Step } from './types.js'

export const MAX_DIFF_SIZE = 104448

export function sha1(content: Buffer | string): string {
  return createHash('sha1').update(content).digest('hex')
}

export function md5(content: Buffer | string): string {
  return createHash('md5').update(content).digest('hex')
}

export interface DestFacts {
  dest: PathFacts
  parent: PathFacts
  env: HostEnv
  ids: Identity
  /** Whether the parent directory is setgid (new files then take its group); undefined: not known. */
  parentSetgid?: boolean
}

export interface DestProbeOptions {
  owner?: string
  group?: string
  /** The checksum the content will have: the destination's content is sent back only if it differs. */
  expected?: string
  /** Always send the destination's content back (the text editors need it). */
  content?: boolean
  /** `false`: no backup will be made, so the host's clock (for its name) is not read. */
  backup?: boolean
  extra?: string
}

export function destProbe(dest: string, options: DestProbeOptions): string {
  const content = options.content ? ('always' as const) : options.expected ? { unlessChecksum: options.expected, maxSize: MAX_DIFF_SIZE } : undefined
  return [
    hostProbe({ clock: options.backup !== false }),
    identityProbe(options.owner, options.group),
    pathProbe('d', dest, { checksum: true, content }),
    // Only whether the parent exists is ever asked, and whether it hands its group to new files.
    pathProbe('parent', dirnameOf(dest), { existence: true }),
    `if [ -g ${quote(dirnameOf(dest))} ]; then echo '@@parent:setgid'; fi`,
    options.extra ?? '',
  ].join('\n')
}

export async function gatherDest(host: HostProbe, dest: string, options: DestProbeOptions): Promise<DestFacts & { sections: Map<string, string> }> {
  const out = await host.run(inlineCommand(destProbe(dest, options)))
  const sections = parseSections(out.stdout.toString('utf8'))
  const parent = pathFacts(sections, 'parent', dirnameOf(dest))
  return { dest: pathFacts(sections, 'd', dest), parent, parentSetgid: parent.exists ? sections.has('parent:setgid') : undefined, env: hostEnv(sections), ids: identity(sections), sections }
}

export interface WriteSpec extends AttributeArgs {
  dest: string
  /** New content (controller side), or a file already on the host (remote_src). */
  source: { content: Buffer } | { remotePath: string; checksum: string; size: number }
  backup?: boolean
  validate?: string
}

export interface WritePlan {
  steps: Step[]
  /** Path info of the destination once written (Ansible's add_path_info). */
  info: Record<string, unknown>
  backupFile?: string
}

/** Ansible's backup_local name: path.PID.YYYY-MM-DD@HH:MM:SS~ */
export function backupName(path: string, env: HostEnv): string {
  return `${path}.${env.pid}.${env.now}~`
}

/**
 * Steps that replace the destination's content, with attributes, optional backup and validation.
 * The result fields describe the file as it will be.
 */
export function planWrite(spec: WriteSpec, facts: DestFacts): WritePlan | { failed: true; msg: string } {
  const { dest } = spec
  const existing = facts.dest.exists && facts.dest.stat?.type !== 'link' ? facts.dest.stat : facts.dest.target
  // A new file gets 0666 & ~umask, as Python's open() gives it; a replaced one keeps its mode.
  const base = existing ? { type: 'file' as const, mode: existing.mode, uid: existing.uid, gid: existing.gid } : { type: 'file' as const, mode: 0o666 & ~facts.env.umask, uid: facts.env.uid, gid: facts.env.gid }
  const attrs = planAttributes(dest, base, spec, facts)
  if (isAttributeFailure(attrs)) return attrs
  const steps: Step[] = []
  let backupFile: string | undefined
  if (spec.backup && facts.dest.exists) {
    backupFile = backupName(dest, facts.env)
    steps.push({ kind: 'exec', argv: ['cp', '-p', '--', dest, backupFile] })
  }
  const mode = formatMode(attrs.mode)
  // The new file is created by the shell's user: a chown to what it already has is left out.
  const createdGid = createdGroup(facts)
  const owner = (attrs.uid !== base.uid || !existing) && attrs.uid !== facts.env.uid ? String(attrs.uid) : undefined
  const group = (attrs.gid !== base.gid || !existing) && attrs.gid !== createdGid ? String(attrs.gid) : undefined
  const finalPath = spec.validate ? `${dirnameOf(dest)}/.${dest.split('/').pop()}.drover-validate` : dest
  if ('content' in spec.source) {
    steps.push({ kind: 'write', path: finalPath, content: spec.source.content, mode, ...(owner ? { owner } : {}), ...(group ? { group } : {}) })
  } else {
    const tmp = spec.validate ? finalPath : `${dirnameOf(dest)}/.${dest.split('/').pop()}.drover-copy`
    steps.push({ kind: 'exec', argv: ['cp', '--', spec.source.remotePath, tmp] })
    steps.push({ kind: 'exec', argv: ['chmod', mode, '--', tmp] })
    if (owner || group) steps.push({ kind: 'exec', argv: ['chown', `${owner ?? ''}${group ? `:${group}` : ''}`, '--', tmp] })
    if (!spec.validate) steps.push({ kind: 'exec', argv: ['mv', '-f', '--', tmp, dest] })
  }
  if (spec.validate) {
    if (!spec.validate.includes('%s')) return { failed: true, msg: `validate must contain %s: ${spec.validate}` }
    const argv = shlexSplit(spec.validate).map((word) => word.split('%s').join(finalPath))
    // The check runs on the new file before it replaces the old one; on failure the old one stays.
    const script = 'tmp=$1; shift; "$@" >&2 && exec mv -f -- "$tmp" "$DROVER_DEST"; rm -f -- "$tmp"; echo "failed to validate" >&2; exit 1'
    steps.push({ kind: 'exec', argv: ['env', `DROVER_DEST=${dest}`, 'sh', '-c', script, 'drover-validate', finalPath, ...argv] })
  }
  const size = 'content' in spec.source ? spec.source.content.length : spec.source.size
  const ownerName = attrs.uid === base.uid && existing ? existing.owner : attrs.uid === facts.ids.owner?.uid ? facts.ids.owner.name : facts.env.user
  const groupName = attrs.gid === base.gid && existing ? existing.group : attrs.gid === facts.ids.group?.gid ? facts.ids.group.name : facts.env.group
  const info = { uid: attrs.uid, gid: attrs.gid, owner: ownerName ?? String(attrs.uid), group: groupName ?? String(attrs.gid), mode, state: 'file', size }
  return { steps, info, backupFile }
}

/** The group a file created in the destination's directory gets; undefined when not known. */
function createdGroup(facts: DestFacts): number | undefined {
  const dir = facts.parent.stat?.type === 'link' ? facts.parent.target : facts.parent.stat
  const setgid = dir?.type === 'directory' ? (dir.mode & 0o2000) !== 0 : facts.parentSetgid
  return setgid === false ? facts.env.gid : undefined
}

/** The content diff Ansible shows for a replaced file: before only when it existed and was readable text. */
export function contentDiff(dest: string, before: Buffer | undefined, destExisted: boolean, after: Buffer, afterHeader: string): FileDiff {
  const diff: FileDiff = { before: '', after: '' }
  if (destExisted) diff.before_header = dest
  diff.after_header = afterHeader
  const binary = (b: Buffer) => b.subarray(0, 8192).includes(0)
  if (before && !binary(before) && before.length <= MAX_DIFF_SIZE) diff.before = before.toString('utf8')
  if (!binary(after) && after.length <= MAX_DIFF_SIZE) diff.after = after.toString('utf8')
  return diff
}
