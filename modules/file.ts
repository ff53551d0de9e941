import { isAttributeFailure, pathInfo, planAttributes, type AttributePlan, type CurrentAttributes } from '../src/module/file-attributes.js'
import { inlineCommand } from '../src/connection/shell-session.js'
import { FILE_COMMON_ALIASES, FILE_COMMON_PROPERTIES, unsupportedCommonArg } from '../src/module/file-common-args.js'
import {
  hostEnv, hostProbe, identity, identityProbe, parseSections, pathFacts, pathProbe,
  type HostEnv, type Identity, type PathFacts, type PathStat,
} from '../src/module/file-facts.js'
import type { ModeSpec } from '../src/module/file-mode.js'
import { afterProbe, dirnameOf, joinPath, safePath } from '../src/module/paths.js'
import { quote } from '../src/module/shell.js'
import type { FileDiff, Plan, StateModule, Step } from '../src/module/types.js'

type FileState = 'absent' | 'directory' | 'file' | 'hard' | 'link' | 'touch'

export interface FileArgs {
  path: string
  state?: FileState
  mode?: ModeSpec
  owner?: string
  group?: string
  recurse: boolean
  force: boolean
  follow: boolean
  src?: string
  modification_time?: string
  access_time?: string
  [key: string]: unknown
}

export interface FileFacts {
  path: PathFacts
  /** The link source as the link would resolve it (relative to the link's directory), and to `path` itself when that is a directory. */
  src?: PathFacts
  srcInDir?: PathFacts
  env: HostEnv
  ids: Identity
  /** Entries below a directory, for recurse: [type, mode, uid, gid]. */
  children?: CurrentAttributes[]
  /** What `state: absent` removes, for the diff. */
  listing?: { directories: string[]; files: string[] }
}

type PrevState = 'absent' | 'link' | 'directory' | 'hard' | 'file'

function prevState(facts: PathFacts): PrevState {
  const stat = facts.stat
  if (!stat) return 'absent'
  if (stat.type === 'link') return 'link'
  if (stat.type === 'directory') return 'directory'
  return stat.nlink > 1 ? 'hard' : 'file'
}

/** os.path.exists: a symlink counts only when its target exists. */
function existsFollowing(facts: PathFacts): boolean {
  return facts.exists && (facts.stat?.type !== 'link' || facts.target !== undefined || facts.resolves === true)
}

function hasAttributes(args: FileArgs): boolean {
  return args.mode !== undefined || args.owner !== undefined || args.group !== undefined
}

function currentInfo(facts: PathFacts): Record<string, unknown> {
  return existsFollowing(facts) ? pathInfo(facts.stat) : {}
}

function sameSrcPaths(path: string, src: string): boolean {
  return joinPath(dirnameOf(path), src) === joinPath(path, src)
}

function childrenProbe(path: string): string {
  return `echo '@@r:children'; find ${quote(safePath(path))} -mindepth 1 ! -type l -exec stat -c '%f %a %u %g' {} + 2>/dev/null`
}

function listingProbe(path: string): string {
  const p = quote(safePath(path))
  return [
    `echo '@@l:dirs'; find ${p} -mindepth 1 -type d -exec printf '%s\\0' {} + | base64`,
    `echo '@@l:files'; find ${p} -mindepth 1 ! -type d -exec printf '%s\\0' {} + | base64`,
  ].join('\n')
}

function decodeList(text: string | undefined, path: string): string[] {
  if (!text) return []
  const names = Buffer.from(text, 'base64').toString('utf8').split('\0').filter((n) => n !== '')
  // find printed them with the ./ prefix safePath may have added
  return names.map((n) => (path.startsWith('-') && n.startsWith('./') ? n.slice(2) : n))
}

function parseChildren(text: string | undefined): CurrentAttributes[] {
  return (text ?? '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [raw, , uid, gid] = line.trim().split(/\s+/)
      const bits = parseInt(raw ?? '0', 16)
      return { type: (bits & 0o170000) === 0o040000 ? 'directory' : 'file', mode: bits & 0o7777, uid: Number(uid), gid: Number(gid) }
    })
}

function asCurrent(stat: PathStat): CurrentAttributes {
  return { type: stat.type, mode: stat.mode, uid: stat.uid, gid: stat.gid }
}

interface Outcome {
  steps: Step[]
  changed: boolean
  result: Record<string, unknown>
  diff: { before: Record<string, unknown>; after: Record<string, unknown> }
  /** The path whose add_path_info goes into the result. */
  infoPath: string
  /** Current facts of infoPath (check mode and unchanged results report these, as Ansible does). */
  infoFacts: PathFacts
}

type Failure = { failed: true; msg: string; result?: Record<string, unknown> }

function fail(msg: string, result: Record<string, unknown> = {}): Failure {
  return { failed: true, msg, result }
}

function initialDiff(path: string, state: string, prev: PrevState): Outcome['diff'] {
  const diff: Outcome['diff'] = { before: { path }, after: { path } }
  if (prev !== state) {
    diff.before.state = prev
    diff.after.state = state
  }
  return diff
}

function mergeAttributes(outcome: Outcome, plan: AttributePlan): void {
  outcome.steps.push(...plan.steps)
  outcome.changed ||= plan.changed
  Object.assign(outcome.diff.before, plan.before)
  Object.assign(outcome.diff.after, plan.after)
}

function attributes(args: FileArgs, facts: FileFacts, path: string, current: CurrentAttributes, options: { noDereference?: boolean } = {}) {
  return planAttributes(path, current, { mode: args.mode, owner: args.owner, group: args.group }, facts, options)
}

/** What a new object looks like before chmod/chown: created by the remote user under its umask. */
function created(type: 'file' | 'directory', env: HostEnv): CurrentAttributes {
  return { type, mode: (type === 'directory' ? 0o777 : 0o666) & ~env.umask, uid: env.uid, gid: env.gid }
}

function ensureAbsent(args: FileArgs, facts: FileFacts): Outcome {
  const path = args.path
  const prev = prevState(facts.path)
  const outcome: Outcome = { steps: [], changed: false, result: { path, state: 'absent' }, diff: { before: { path }, after: { path } }, infoPath: path, infoFacts: facts.path }
  if (prev === 'absent') return outcome
  outcome.changed = true
  outcome.diff = initialDiff(path, 'absent', prev)
  if (prev === 'directory') outcome.diff.before.path_content = facts.listing ?? { directories: [], files: [] }
  outcome.steps.push({ kind: 'exec', argv: prev === 'directory' ? ['rm', '-rf', '--', path] : ['rm', '-f', '--', path] })
  return outcome
}

function followed(args: FileArgs, facts: FileFacts): { path: string; facts: PathFacts } {
  if (args.follow && facts.path.stat?.type === 'link' && facts.path.realPath) {
    const real = facts.path.realPath
    return { path: real, facts: facts.path.target ? { path: real, exists: true, stat: facts.path.target } : { path: real, exists: false } }
  }
  return { path: args.path, facts: facts.path }
}

function ensureFile(args: FileArgs, facts: FileFacts): Outcome | Failure {
  const { path, facts: target } = followed(args, facts)
  const prev = prevState(target)
  if (prev !== 'file' && prev !== 'hard') return fail(`file (${path}) is ${prev}, cannot continue`, { path, state: prev })
  const outcome: Outcome = { steps: [], changed: false, result: { path }, diff: initialDiff(path, 'file', prev), infoPath: path, infoFacts: target }
  const plan = attributes(args, facts, path, asCurrent(target.stat!))
  if (isAttributeFailure(plan)) return fail(plan.msg, { path })
  mergeAttributes(outcome, plan)
  return outcome
}

function ensureDirectory(args: FileArgs, facts: FileFacts): Outcome | Failure {
  const { path, facts: target } = followed(args, facts)
  const prev = prevState(target)
  const outcome: Outcome = { steps: [], changed: false, result: { path }, diff: initialDiff(path, 'directory', prev), infoPath: path, infoFacts: target }
  if (prev === 'absent') {
    outcome.changed = true
    // Ansible applies mode/owner to every directory it creates; mkdir -p plus one chmod/chown of each would
    // need the list of missing parents, so drover sets them on the leaf (the common case: parents exist).
    outcome.steps.push({ kind: 'exec', argv: ['mkdir', '-p', '--', path] })
    const plan = attributes(args, facts, path, created('directory', facts.env))
    if (isAttributeFailure(plan)) return fail(plan.msg, { path })
    mergeAttributes(outcome, plan)
    return outcome
  }
  if (prev !== 'directory') return fail(`${path} already exists as a ${prev}`, { path })
  const plan = attributes(args, facts, path, asCurrent(target.stat!))
  if (isAttributeFailure(plan)) return fail(plan.msg, { path })
  if (args.recurse) {
    const pending = (facts.children ?? []).some((child) => {
      const own = attributes(args, facts, path, child)
      return !isAttributeFailure(own) && own.changed
    })
    if (pending) {
      const recursive = planAttributes(path, asCurrent(target.stat!), { mode: args.mode, owner: args.owner, group: args.group }, facts, { recurse: true, recurseNeeded: true })
      if (isAttributeFailure(recursive)) return fail(recursive.msg, { path })
      mergeAttributes(outcome, { ...recursive, before: plan.before, after: plan.after, changed: true })
      return outcome
    }
  }
  mergeAttributes(outcome, plan)
  return outcome
}

function ensureSymlink(args: FileArgs, facts: FileFacts): Outcome | Failure {
  const path = args.path
  const prev = prevState(facts.path)
  let src = args.src
  if (src === undefined && args.follow && existsFollowing(facts.path)) src = facts.path.linkTarget
  const inDir = facts.path.stat?.type === 'directory'
  const absrc = src === undefined ? undefined : joinPath(inDir ? path : dirnameOf(path), src)
  const srcFacts = inDir ? facts.srcInDir : facts.src
  if (!args.force && src !== undefined && !(srcFacts && existsFollowing(srcFacts))) {
    return fail(`src file does not exist, use "force=yes" if you really want to create the link: ${absrc}`, { path, src })
  }
  if (prev === 'directory') {
    if (!args.force) return fail(`refusing to convert from ${prev} to symlink for ${path}`, { path })
    if (facts.path.stat!.nlink > 2 || (facts.listing && (facts.listing.files.length > 0 || facts.listing.directories.length > 0))) {
      return fail(`the directory ${path} is not empty, refusing to convert it`, { path })
    }
  } else if ((prev === 'file' || prev === 'hard') && !args.force) {
    return fail(`refusing to convert from ${prev} to symlink for ${path}`, { path })
  }
  const outcome: Outcome = { steps: [], changed: false, result: { dest: path, src: src ?? null }, diff: initialDiff(path, 'link', prev), infoPath: path, infoFacts: facts.path }
  if (prev !== 'link') {
    if (src === undefined) return fail('src is required for creating new symlinks')
    outcome.changed = true
  } else if (src !== undefined && facts.path.linkTarget !== src) {
    outcome.diff.before.src = facts.path.linkTarget
    outcome.diff.after.src = src
    outcome.changed = true
  }
  if (outcome.changed) {
    if (prev === 'directory') outcome.steps.push({ kind: 'exec', argv: ['rmdir', '--', path] })
    // ln -sfn replaces a file or link in place (-n: an existing link to a directory is replaced, not entered)
    outcome.steps.push({ kind: 'exec', argv: ['ln', '-sfn', '--', src!, path] })
  }
  // Attributes go to what the link points to (follow) or to the link itself; a dangling target has none.
  const targetStat = args.follow ? srcFacts?.stat && (srcFacts.stat.type === 'link' ? srcFacts.target : srcFacts.stat) : facts.path.stat
  if (targetStat && hasAttributes(args)) {
    const plan = attributes(args, facts, path, asCurrent(targetStat), { noDereference: !args.follow })
    if (isAttributeFailure(plan)) return fail(plan.msg, { path })
    mergeAttributes(outcome, plan)
  }
  return outcome
}

function ensureHardlink(args: FileArgs, facts: FileFacts): Outcome | Failure {
  const path = args.path
  const prev = prevState(facts.path)
  const src = args.src
  if (prev !== 'hard' && src === undefined) return fail('src is required for creating new hardlinks')
  if (src !== undefined && !(facts.src && existsFollowing(facts.src))) return fail('src does not exist', { dest: path, src })
  const outcome: Outcome = { steps: [], changed: false, result: { dest: path, src: src ?? null }, diff: initialDiff(path, 'hard', prev), infoPath: path, infoFacts: facts.path }
  const srcStat = facts.src?.stat?.type === 'link' ? facts.src.target : facts.src?.stat
  if (prev === 'absent') outcome.changed = true
  else if (prev === 'link') {
    if (facts.path.linkTarget !== src) {
      outcome.diff.before.src = facts.path.linkTarget
      outcome.diff.after.src = src
      outcome.changed = true
    }
  } else if (prev === 'hard') {
    const own = facts.path.stat!
    if (src !== undefined && srcStat && (own.inode !== srcStat.inode || own.dev !== srcStat.dev)) {
      if (!args.force) return fail('Cannot link, different hard link exists at destination', { dest: path, src })
      outcome.changed = true
    }
  } else if (prev === 'file') {
    if (!args.force) return fail(`Cannot link, ${prev} exists at destination`, { dest: path, src })
    outcome.changed = true
  } else {
    if (!args.force) return fail('Cannot link: different hard link exists at destination', { dest: path, src })
    outcome.changed = true
  }
  if (outcome.changed) {
    if (prev === 'directory') outcome.steps.push({ kind: 'exec', argv: ['rmdir', '--', path] })
    outcome.steps.push({ kind: 'exec', argv: ['ln', '-f', '--', src!, path] })
  }
  const current = outcome.changed ? srcStat : facts.path.stat
  if (current) {
    const plan = attributes(args, facts, path, asCurrent(current))
    if (isAttributeFailure(plan)) return fail(plan.msg, { path })
    mergeAttributes(outcome, plan)
  }
  return outcome
}

function executeTouch(args: FileArgs, facts: FileFacts): Outcome | Failure {
  const path = args.path
  const prev = prevState(facts.path)
  const outcome: Outcome = { steps: [], changed: true, result: { dest: path }, diff: initialDiff(path, 'touch', prev), infoPath: path, infoFacts: facts.path }
  const target = args.follow && facts.path.stat?.type === 'link' ? facts.path.target : facts.path.stat
  const current = target ? asCurrent(target) : created('file', facts.env)
  const timeArgs = [...(args.modification_time === 'preserve' ? ['-a'] : []), ...(args.access_time === 'preserve' ? ['-m'] : [])]
  const preserveBoth = args.modification_time === 'preserve' && args.access_time === 'preserve'
  if (prev === 'absent') outcome.steps.push({ kind: 'exec', argv: ['touch', '--', path] })
  else if (!preserveBoth) outcome.steps.push({ kind: 'exec', argv: ['touch', ...timeArgs, '--', path] })
  else outcome.changed = false
  const plan = attributes(args, facts, path, current)
  if (isAttributeFailure(plan)) return fail(plan.msg, { path })
  mergeAttributes(outcome, plan)
  return outcome
}

/** Ansible's additional_parameter_handling: the default state comes from what is there. */
function resolveState(args: FileArgs, facts: FileFacts): FileState | Failure {
  const prev = prevState(facts.path)
  const state = args.state ?? (prev !== 'absent' ? prev : args.recurse ? 'directory' : 'file')
  if (args.recurse && state !== 'directory') return fail("recurse option requires state to be 'directory'", { path: args.path })
  if (args.src !== undefined && state !== 'link' && state !== 'hard') return fail("src option requires state to be 'link' or 'hard'", { path: args.path })
  return state
}

export const file: StateModule<FileArgs, FileFacts> = {
  kind: 'state',
  name: 'file',
  shortDescription: 'Manage files and file properties',
  description:
    'Sets attributes of files, directories and symlinks, or removes them. With state=directory it behaves like mkdir -p; ' +
    'with state=absent it removes recursively; link and hard create symbolic and hard links; touch creates a file or updates its times.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['path'],
    aliases: { dest: 'path', name: 'path', ...FILE_COMMON_ALIASES },
    properties: {
      path: { type: 'string', description: 'Path to the file being managed (also: dest, name).' },
      state: {
        type: 'string',
        enum: ['absent', 'directory', 'file', 'hard', 'link', 'touch'],
        description: 'absent removes; directory creates it (and parents); file only changes attributes of an existing file; link/hard create links to src; touch creates an empty file or updates times. Default: the current state, or file.',
      },
      ...FILE_COMMON_PROPERTIES,
      recurse: { type: 'boolean', default: false, description: 'Set the attributes recursively on directory contents (state=directory only).' },
      force: { type: 'boolean', default: false, description: 'Create links even when the source does not exist, or replace a file by a link.' },
      follow: { type: 'boolean', default: true, description: 'Apply attributes to what a symlink points to, not the link.' },
      src: { type: 'string', description: 'Path of the file to link to (state=link or hard). Relative to the link for symlinks.' },
      modification_time: { type: 'string', description: "'now' or 'preserve' (default: now for touch, preserve otherwise)." },
      modification_time_format: { type: 'string', default: '%Y%m%d%H%M.%S', description: 'Accepted for compatibility.' },
      access_time: { type: 'string', description: "'now' or 'preserve' (default: now for touch, preserve otherwise)." },
      access_time_format: { type: 'string', default: '%Y%m%d%H%M.%S', description: 'Accepted for compatibility.' },
    },
  },
  returns: {
    path: { type: 'str', description: 'The path managed (file, directory, absent).' },
    dest: { type: 'str', description: 'The path managed (link, hard, touch).' },
    src: { type: 'str', description: 'The link source (link, hard).' },
    state: { type: 'str', description: 'What the path is afterwards: file, directory, link, hard or absent.' },
    mode: { type: 'str', description: "Permissions, as '0644'." },
    owner: { type: 'str', description: 'Owner name.' },
    group: { type: 'str', description: 'Group name.' },
    uid: { type: 'int', description: 'Owner id.' },
    gid: { type: 'int', description: 'Group id.' },
    size: { type: 'int', description: 'Size in bytes.' },
    diff: { type: 'dict', description: 'before/after dicts with path, state, mode, owner, group as they changed.' },
  },
  examples: [
    '- name: Create a directory',
    '  ansible.builtin.file:',
    '    path: /etc/app',
    '    state: directory',
    "    mode: '0755'",
    '',
    '- name: Link the current release',
    '  ansible.builtin.file:',
    '    src: /srv/app/releases/42',
    '    dest: /srv/app/current',
    '    state: link',
  ].join('\n'),

  async gather(args, host) {
    // Only state file and directory follow a link to its canonical path (see followed()), and touch
    // to its target's stat; link, hard and absent ask of a link at path only whether it resolves.
    const ownLink = args.state === 'link' || args.state === 'hard' || args.state === 'absent'
    const follows = args.follow && !ownLink && args.state !== 'touch'
    const parts = [hostProbe({ clock: false }), identityProbe(args.owner, args.group), pathProbe('p', args.path, { realPath: follows, targetStat: !ownLink })]
    if (args.src !== undefined) {
      if (args.state === 'hard') parts.push(pathProbe('s', args.src))
      else {
        // A symlink's src matters only in whether it exists, unless attributes go to it (follow).
        const srcOptions = args.state === 'link' && !(args.follow && hasAttributes(args)) ? { existence: 'resolved' as const } : {}
        parts.push(pathProbe('s', joinPath(dirnameOf(args.path), args.src), srcOptions))
        // An absolute src is the same path both ways: probed once, its facts serve both.
        if (!sameSrcPaths(args.path, args.src)) parts.push(pathProbe('i', joinPath(args.path, args.src), srcOptions))
      }
    }
    if (args.recurse) parts.push(childrenProbe(args.path))
    if (args.state === 'absent' || args.state === 'link') parts.push(`if [ -d ${quote(args.path)} ] && [ ! -L ${quote(args.path)} ]; then\n${listingProbe(args.path)}\nfi`)
    const out = await host.run(inlineCommand(parts.join('\n')))
    const sections = parseSections(out.stdout.toString('utf8'))
    const facts: FileFacts = { path: pathFacts(sections, 'p', args.path), env: hostEnv(sections), ids: identity(sections) }
    if (args.src !== undefined) {
      facts.src = pathFacts(sections, 's', args.src)
      if (args.state !== 'hard') facts.srcInDir = pathFacts(sections, sameSrcPaths(args.path, args.src) ? 's' : 'i', args.src)
    }
    if (args.recurse) facts.children = parseChildren(sections.get('r:children'))
    if (sections.has('l:dirs')) facts.listing = { directories: decodeList(sections.get('l:dirs'), args.path), files: decodeList(sections.get('l:files'), args.path) }
    return facts
  },

  plan(args, facts, options): Plan {
    const unsupported = unsupportedCommonArg(args)
    if (unsupported) return { changed: false, failed: true, msg: unsupported }
    const state = resolveState(args, facts)
    if (typeof state !== 'string') return { changed: false, failed: true, msg: state.msg, result: state.result }
    for (const time of [args.modification_time, args.access_time]) {
      if (time !== undefined && time !== 'now' && time !== 'preserve') return { changed: false, failed: true, msg: `drover supports only 'now' and 'preserve' for access_time/modification_time, not '${time}'` }
    }
    const outcome =
      state === 'absent' ? ensureAbsent(args, facts)
      : state === 'directory' ? ensureDirectory(args, facts)
      : state === 'link' ? ensureSymlink(args, facts)
      : state === 'hard' ? ensureHardlink(args, facts)
      : state === 'touch' ? executeTouch(args, facts)
      : ensureFile(args, facts)
    if ('failed' in outcome) {
      // Like any Ansible result naming a path, a failure carries that path's current attributes.
      const named = outcome.result?.path ?? outcome.result?.dest
      const info = named === args.path ? currentInfo(facts.path) : {}
      return { changed: false, failed: true, msg: outcome.msg, result: { ...outcome.result, ...info } }
    }
    // The file module always returns its diff dicts (registered results carry them even without --diff).
    const base = state === 'absent' && !outcome.changed ? outcome.result : { ...outcome.result, diff: outcome.diff }
    const current = { ...base, ...currentInfo(outcome.infoFacts) }
    if (!outcome.changed) return { changed: false, result: current }
    const diff: FileDiff = outcome.diff
    // In check mode Ansible reports the path as it is; a touch of a missing file reports only dest.
    if (options.check) return { changed: true, steps: outcome.steps, diff, result: state === 'touch' && !facts.path.exists ? outcome.result : current }
    return { changed: true, steps: outcome.steps, diff, result: base, after: afterProbe(outcome.infoPath) }
  },
}
