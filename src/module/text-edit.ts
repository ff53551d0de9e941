/**
 * The tail shared by the modules that edit a file's text in place (lineinfile, blockinfile,
 * replace): read the whole file in the gather frame, and once the new text is known, plan the
 * backup, the write (attributes kept) and the attribute changes, reporting them as Ansible's
 * check_file_attrs does.
 */
import { isAttributeFailure, planAttributes, type AttributeArgs } from './file-attributes.js'
import { gatherDest, planWrite, type DestFacts } from './content-write.js'
import type { FileDiff, HostProbe, Step } from './types.js'

export type TextFacts = DestFacts

export function gatherText(host: HostProbe, path: string, attrs: AttributeArgs & { backup?: boolean }): Promise<TextFacts> {
  return gatherDest(host, path, { owner: attrs.owner ?? undefined, group: attrs.group ?? undefined, content: true, backup: Boolean(attrs.backup) })
}

/** Python's readlines(): lines keep their '\n'; the last may have none. */
export function readLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

export interface TextEditOutcome {
  steps: Step[]
  changed: boolean
  msg: string
  backupFile: string
  /** The attributes part of the diff: headers, plus before/after when they change. */
  attrDiff: Record<string, unknown>
  failed?: string
}

export interface TextEditOptions extends AttributeArgs {
  path: string
  backup: boolean
  validate?: string
  check: boolean
}

/**
 * `newText` undefined means the content stays. The file is assumed to exist unless `create` (then
 * its directory is made first, as Ansible's makedirs).
 */
export function planTextEdit(facts: TextFacts, newText: string | undefined, msg: string, options: TextEditOptions): TextEditOutcome {
  const steps: Step[] = []
  let changed = false
  let backupFile = ''
  const path = options.path
  const attrDiff: Record<string, unknown> = {}
  if (newText !== undefined) {
    changed = true
    if (!facts.parent.exists) steps.push({ kind: 'exec', argv: ['mkdir', '-p', '--', facts.parent.path] })
    const write = planWrite({ dest: path, source: { content: Buffer.from(newText, 'utf8') }, backup: options.backup, validate: options.validate }, facts)
    if ('failed' in write) return { steps: [], changed: false, msg: write.msg, backupFile, attrDiff, failed: write.msg }
    steps.push(...write.steps)
    if (write.backupFile && !options.check) backupFile = write.backupFile
  }
  const current = facts.dest.stat?.type === 'link' ? facts.dest.target : facts.dest.stat
  const base = current ?? { type: 'file' as const, mode: 0o666 & ~facts.env.umask, uid: facts.env.uid, gid: facts.env.gid }
  // In check mode a file that does not exist yet has no attributes to compare (Ansible exits early).
  if (!(options.check && !current)) {
    const attrs = planAttributes(path, base, options, facts)
    if (isAttributeFailure(attrs)) return { steps: [], changed: false, msg: attrs.msg, backupFile, attrDiff, failed: attrs.msg }
    if (attrs.changed) {
      Object.assign(attrDiff, { before: attrs.before, after: attrs.after })
      steps.push(...attrs.steps)
      msg = `${changed ? `${msg} and ` : msg}ownership, perms or SE linux context changed`
      changed = true
    }
  }
  attrDiff.before_header = `${path} (file attributes)`
  attrDiff.after_header = `${path} (file attributes)`
  return { steps, changed, msg, backupFile, attrDiff }
}

export function contentDiffOf(path: string, before: string, after: string): FileDiff {
  return { before, after, before_header: `${path} (content)`, after_header: `${path} (content)` }
}
