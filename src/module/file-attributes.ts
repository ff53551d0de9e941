/**
 * mode/owner/group as Ansible's set_fs_attributes_if_different plans them: compare with the path's
 * current stat, emit chown/chgrp/chmod steps only for what differs, and record the diff the way
 * ansible-core does (owner and group as numeric ids, mode as '0644').
 */
import type { HostEnv, Identity, PathStat, PathType } from './file-facts.js'
import { ModeError, resolveMode, formatMode, type ModeSpec } from './file-mode.js'
import type { Step } from './types.js'

export interface AttributeArgs {
  mode?: ModeSpec | null
  owner?: string | null
  group?: string | null
}

/** What a path looks like (or will look like once created) before attributes are applied. */
export interface CurrentAttributes {
  type: PathType
  mode: number
  uid: number
  gid: number
}

export interface AttributePlan {
  steps: Step[]
  changed: boolean
  before: Record<string, unknown>
  after: Record<string, unknown>
  mode: number
  uid: number
  gid: number
}

export interface AttributeFailure {
  failed: true
  msg: string
}

export interface AttributeOptions {
  /** Change a symlink itself, not what it points to (chown -h; its mode cannot change). */
  noDereference?: boolean
  /** Apply to everything below a directory too (chown -R / chmod -R); `recurseNeeded` says whether that is pending. */
  recurse?: boolean
  recurseNeeded?: boolean
}

export function planAttributes(
  path: string,
  current: CurrentAttributes,
  args: AttributeArgs,
  context: { env: HostEnv; ids: Identity },
  options: AttributeOptions = {},
): AttributePlan | AttributeFailure {
  const steps: Step[] = []
  const before: Record<string, unknown> = {}
  const after: Record<string, unknown> = {}
  const recurse = options.recurse ? ['-R'] : []
  const noDeref = options.noDereference ? ['-h'] : []
  let { uid, gid } = current
  if (args.owner !== undefined && args.owner !== null) {
    if (!context.ids.owner) return { failed: true, msg: `chown failed: failed to look up user ${args.owner}` }
    if (context.ids.owner.uid !== uid || options.recurseNeeded) {
      if (context.ids.owner.uid !== uid) {
        before.owner = uid
        after.owner = context.ids.owner.uid
      }
      steps.push({ kind: 'exec', argv: ['chown', ...recurse, ...noDeref, String(context.ids.owner.uid), '--', path] })
      uid = context.ids.owner.uid
    }
  }
  if (args.group !== undefined && args.group !== null) {
    if (!context.ids.group) return { failed: true, msg: `chgrp failed: failed to look up group ${args.group}` }
    if (context.ids.group.gid !== gid || options.recurseNeeded) {
      if (context.ids.group.gid !== gid) {
        before.group = gid
        after.group = context.ids.group.gid
      }
      steps.push({ kind: 'exec', argv: ['chgrp', ...recurse, ...noDeref, String(context.ids.group.gid), '--', path] })
      gid = context.ids.group.gid
    }
  }
  let mode = current.mode
  if (args.mode !== undefined && args.mode !== null && !(options.noDereference && current.type === 'link')) {
    let wanted: number
    try {
      wanted = resolveMode(args.mode, { mode: current.mode, isDirectory: current.type === 'directory' }, context.env.umask)
    } catch (error) {
      if (error instanceof ModeError) return { failed: true, msg: 'mode must be in octal or symbolic form' }
      throw error
    }
    if (wanted !== (wanted & 0o7777)) return { failed: true, msg: 'Invalid mode supplied, only permission info is allowed' }
    if (wanted !== mode || options.recurseNeeded) {
      if (wanted !== mode) {
        before.mode = formatMode(mode)
        after.mode = formatMode(wanted)
      }
      // A symbolic mode is applied recursively as given (chmod computes it per entry, as Ansible does).
      const recursiveSymbolic = options.recurse && typeof args.mode === 'string' && !/^[0-7]+$/.test(args.mode)
      steps.push({ kind: 'exec', argv: ['chmod', ...recurse, recursiveSymbolic ? String(args.mode) : formatMode(wanted), '--', path] })
      mode = wanted
    }
  }
  return { steps, changed: steps.length > 0, before, after, mode, uid, gid }
}

export function isAttributeFailure(value: AttributePlan | AttributeFailure): value is AttributeFailure {
  return 'failed' in value
}

/** Ansible's add_path_info for a path that exists (from lstat), or `{state: 'absent'}`. */
export function pathInfo(stat: PathStat | undefined): Record<string, unknown> {
  if (!stat) return { state: 'absent' }
  const state = stat.type === 'link' ? 'link' : stat.type === 'directory' ? 'directory' : stat.nlink > 1 ? 'hard' : 'file'
  return {
    uid: stat.uid,
    gid: stat.gid,
    owner: stat.owner ?? String(stat.uid),
    group: stat.group ?? String(stat.gid),
    mode: formatMode(stat.mode),
    state,
    size: stat.size,
  }
}
