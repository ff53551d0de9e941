/**
 * The plan shared by copy and template once the new content is known: Ansible's copy action and
 * module, reduced to data. Same checksum → only attributes (reported like the file module);
 * different → write (with backup/validate), reported with checksum, md5sum and the path's info.
 */
import { isAttributeFailure, pathInfo, planAttributes } from './file-attributes.js'
import type { ModeSpec } from './file-mode.js'
import { contentDiff, gatherDest, MAX_DIFF_SIZE, md5, planWrite, sha1, type DestFacts } from './content-write.js'
import { joinPath } from './paths.js'
import type { FileDiff, HostProbe, Plan, PlanOptions } from './types.js'
import { pathFacts, pathProbe } from './file-facts.js'

export interface CopyInput {
  dest: string
  /** Content from the controller, or a path on the host (remote_src). */
  content?: Buffer
  remoteSrc?: string
  /** The name that goes after a directory dest, and into the result's `src`. */
  srcName?: string
  afterHeader: string
  mode?: ModeSpec
  owner?: string
  group?: string
  backup: boolean
  force: boolean
  validate?: string
  /** Ansible refuses `content` with a directory as dest. */
  isContent: boolean
}

export interface CopyFacts extends DestFacts {
  /** The destination inside dest when dest turns out to be a directory. */
  inDir?: DestFacts
  remote?: { exists: boolean; isDir: boolean; sha1?: string; md5?: string; size: number }
}

function basename(path: string): string {
  return path.replace(/\/+$/, '').split('/').pop() ?? path
}

export async function gatherCopy(input: CopyInput, host: HostProbe): Promise<CopyFacts> {
  // The destination's old content serves only the diff: without --diff its digest alone decides,
  // printed straight by sha1sum instead of captured by the shell for comparing (a fork fewer).
  const expected = input.content && host.diff !== false ? sha1(input.content) : undefined
  const content = expected ? { unlessChecksum: expected, maxSize: MAX_DIFF_SIZE } : undefined
  const extra: string[] = []
  if (input.remoteSrc !== undefined) extra.push(pathProbe('rs', input.remoteSrc, { checksum: true }), pathProbe('rm', input.remoteSrc, { checksum: true, algorithm: 'md5' }))
  // Whether dest is a directory is only known on the host: probe the file inside it in the same frame.
  const inDirPath = input.srcName !== undefined ? joinPath(input.dest, basename(input.srcName)) : undefined
  if (inDirPath !== undefined) extra.push(pathProbe('i', inDirPath, { checksum: true, content }))
  const facts = await gatherDest(host, input.dest, { owner: input.owner, group: input.group, expected, backup: input.backup, extra: extra.join('\n') })
  const out: CopyFacts = facts
  if (input.remoteSrc !== undefined) {
    const rs = pathFacts(facts.sections, 'rs', input.remoteSrc)
    const st = rs.stat?.type === 'link' ? rs.target : rs.stat
    out.remote = { exists: !!st, isDir: st?.type === 'directory', sha1: rs.checksum, md5: pathFacts(facts.sections, 'rm', input.remoteSrc).checksum, size: st?.size ?? 0 }
  }
  if (inDirPath !== undefined) out.inDir = { dest: pathFacts(facts.sections, 'i', inDirPath), parent: facts.dest, env: facts.env, ids: facts.ids }
  return out
}

export function planCopy(input: CopyInput, facts: CopyFacts, options: PlanOptions): Plan {
  const destIsDir = (facts.dest.stat?.type === 'link' ? facts.dest.target : facts.dest.stat)?.type === 'directory'
  if (input.isContent && (input.dest.endsWith('/') || destIsDir)) return { changed: false, failed: true, msg: 'can not use content with a dir as dest' }
  const useDir = (destIsDir || input.dest.endsWith('/')) && facts.inDir !== undefined
  const dest = useDir ? joinPath(input.dest, basename(input.srcName!)) : input.dest
  const destFacts = useDir ? facts.inDir! : facts
  if (input.remoteSrc !== undefined) {
    if (!facts.remote?.exists) return { changed: false, failed: true, msg: `Source ${input.remoteSrc} not found` }
    if (facts.remote.isDir) return { changed: false, failed: true, msg: 'drover does not copy directory trees with remote_src yet' }
  }
  // A dest ending in / that does not exist yet is created, as Ansible's copy does.
  const makeDir = useDir && !facts.dest.exists
  if (!destFacts.parent.exists && !makeDir) return { changed: false, failed: true, msg: `Destination directory ${destFacts.parent.path} does not exist` }
  const srcResult = input.srcName !== undefined ? { src: input.srcName } : {}
  const exists = destFacts.dest.exists
  if (exists && !input.force) return { changed: false, result: { dest, ...srcResult } }
  const checksum = input.content ? sha1(input.content) : facts.remote!.sha1!
  const current = destFacts.dest.stat?.type === 'link' ? destFacts.dest.target : destFacts.dest.stat
  if (exists && destFacts.dest.checksum === checksum && current) {
    // Same content: only the attributes, reported as the file module reports them.
    const attrs = planAttributes(dest, { type: current.type, mode: current.mode, uid: current.uid, gid: current.gid }, input, destFacts)
    if (isAttributeFailure(attrs)) return { changed: false, failed: true, msg: attrs.msg }
    const diff = { before: { path: dest, ...attrs.before }, after: { path: dest, ...attrs.after } }
    const base = { checksum, dest, path: dest, diff }
    if (!attrs.changed) return { changed: false, result: { ...base, ...pathInfo(current) } }
    const after = { ...current, mode: attrs.mode, uid: attrs.uid, gid: attrs.gid, owner: attrs.uid === current.uid ? current.owner : destFacts.ids.owner?.name, group: attrs.gid === current.gid ? current.group : destFacts.ids.group?.name }
    return { changed: true, steps: attrs.steps, diff, result: { ...base, ...(options.check ? pathInfo(current) : pathInfo(after)) } }
  }
  const write = planWrite(
    {
      dest,
      source: input.content ? { content: input.content } : { remotePath: input.remoteSrc!, checksum, size: facts.remote!.size },
      mode: input.mode,
      owner: input.owner,
      group: input.group,
      backup: input.backup,
      validate: input.validate,
    },
    destFacts,
  )
  if ('failed' in write) return { changed: false, failed: true, msg: write.msg }
  if (makeDir) write.steps.unshift({ kind: 'exec', argv: ['mkdir', '-p', '--', input.dest] })
  const diff: FileDiff[] | undefined = input.content ? [contentDiff(dest, destFacts.dest.content, exists, input.content, input.afterHeader)] : undefined
  // In check mode Ansible's copy action returns before touching the host: only changed (and the diff).
  if (options.check) return { changed: true, steps: write.steps, diff, result: {} }
  const result: Record<string, unknown> = {
    dest,
    ...srcResult,
    checksum,
    md5sum: input.content ? md5(input.content) : facts.remote!.md5,
    ...write.info,
  }
  if (write.backupFile) result.backup_file = write.backupFile
  return { changed: true, steps: write.steps, diff, result }
}
