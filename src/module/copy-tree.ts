/**
 * copy with a controller directory as src, as Ansible's copy action does it file by file, reduced
 * to one gather frame (every destination path stat'ed and checksummed at once) and one apply frame.
 * Files: written when missing or their SHA1 differs (unless force=false), else only mode/owner/group.
 * Directories: missing ones are created with directory_mode (else the umask) and owner/group;
 * existing subdirectories get directory_mode/owner/group; an existing top directory is left alone.
 * Ansible returns only {dest, src, changed} for a tree and no diff.
 */
import { inlineCommand } from '../connection/shell-session.js'
import { isAttributeFailure, planAttributes } from './file-attributes.js'
import { hostEnv, hostProbe, identity, identityProbe, parseSections, pathFacts, pathProbe, type HostEnv, type Identity, type PathFacts } from './file-facts.js'
import { formatMode, type ModeSpec } from './file-mode.js'
import { planWrite, sha1 } from './content-write.js'
import type { TreeFile, TreeSource } from './copy-tree-source.js'
import { planCopy, type CopyInput } from './file-copy.js'
import { dirnameOf } from './paths.js'
import type { HostProbe, Plan, PlanOptions, Step } from './types.js'

export interface TreeInput {
  /** dest with a trailing '/': a tree always goes into a directory. */
  destRoot: string
  /** The controller path as found, reported as `src`. */
  src: string
  tree: TreeSource
  mode?: ModeSpec
  directoryMode?: ModeSpec
  owner?: string
  group?: string
  force: boolean
  backup: boolean
}

export interface TreeFacts {
  env: HostEnv
  ids: Identity
  /** destRoot and its ancestors, nearest first, up to the first that exists. */
  ancestors: PathFacts[]
  /** Keyed by path relative to destRoot. */
  paths: Map<string, PathFacts>
}

function ancestorsOf(root: string): string[] {
  const out: string[] = []
  for (let p = root.replace(/\/+$/, '') || '/'; ; p = dirnameOf(p)) {
    out.push(p)
    if (p === '/' || p === '.' || dirnameOf(p) === p) break
  }
  return out
}

export function treeRelPaths(tree: TreeSource): string[] {
  return [...(tree.top ? [tree.top] : []), ...tree.dirs, ...tree.files.map((f) => f.rel), ...tree.links.map((l) => l.rel)]
}

export async function gatherTree(input: TreeInput, host: HostProbe): Promise<TreeFacts> {
  const ancestors = ancestorsOf(input.destRoot)
  const rels = treeRelPaths(input.tree)
  const checksummed = new Set(input.tree.files.map((f) => f.rel))
  const script = [
    hostProbe(),
    identityProbe(input.owner, input.group),
    ...ancestors.map((p, i) => pathProbe(`a${i}`, p)),
    ...rels.map((rel, i) => pathProbe(`p${i}`, input.destRoot + rel, { checksum: checksummed.has(rel) })),
  ].join('\n')
  const sections = parseSections((await host.run(inlineCommand(script))).stdout.toString('utf8'))
  const found = ancestors.map((p, i) => pathFacts(sections, `a${i}`, p))
  const firstExisting = found.findIndex((f) => f.exists)
  return {
    env: hostEnv(sections),
    ids: identity(sections),
    ancestors: firstExisting < 0 ? found : found.slice(0, firstExisting + 1),
    paths: new Map(rels.map((rel, i) => [rel, pathFacts(sections, `p${i}`, input.destRoot + rel)])),
  }
}

const resolved = (facts: PathFacts | undefined) => (facts?.stat?.type === 'link' ? facts.target : facts?.stat)

export function planTree(input: TreeInput, facts: TreeFacts, options: PlanOptions): Plan {
  const { env, ids } = facts
  const context = { env, ids }
  const steps: Step[] = []
  const dirArgs = { mode: input.directoryMode, owner: input.owner, group: input.group }
  const newDir = { type: 'directory' as const, mode: 0o777 & ~env.umask, uid: env.uid, gid: env.gid }
  const fail = (msg: string): Plan => ({ changed: false, failed: true, msg })
  const makeDir = (path: string): string | undefined => {
    steps.push({ kind: 'exec', argv: ['mkdir', '--', path] })
    const attrs = planAttributes(path, newDir, dirArgs, context)
    if (isAttributeFailure(attrs)) return attrs.msg
    steps.push(...attrs.steps)
    return undefined
  }
  const root = facts.ancestors[0]!
  const rootType = resolved(root)?.type
  if (root.exists && rootType !== 'directory') return fail(`Destination ${input.destRoot} exists and is not a directory`)
  // Missing ancestors of dest, outermost first: Ansible's makedirs, then directory_mode/owner/group on each.
  for (const missing of facts.ancestors.filter((a) => !a.exists).reverse()) {
    const msg = makeDir(missing.path)
    if (msg) return fail(msg)
  }
  const dirs = [...(input.tree.top ? [{ rel: input.tree.top, implicit: true }] : []), ...input.tree.dirs.map((rel) => ({ rel, implicit: false }))]
  for (const { rel, implicit } of dirs) {
    const path = input.destRoot + rel
    const current = facts.paths.get(rel)
    const st = resolved(current)
    if (!current?.exists) {
      const msg = makeDir(path)
      if (msg) return fail(msg)
      continue
    }
    if (st?.type !== 'directory') return fail(`${path} already exists and is not a directory`)
    if (implicit) continue
    const attrs = planAttributes(path, st, dirArgs, context)
    if (isAttributeFailure(attrs)) return fail(attrs.msg)
    steps.push(...attrs.steps)
  }
  const single = singleFile(input)
  // Its directories are made by the steps before it, so its parent counts as existing.
  const parent = { path: dirnameOf(single?.dest ?? '/'), exists: true }
  if (single) return withDirSteps(steps, planCopy(single, { dest: facts.paths.get(single.srcName!)!, parent, env, ids }, options))
  for (const file of input.tree.files) {
    const path = input.destRoot + file.rel
    const current = facts.paths.get(file.rel)!
    if (current.exists && !input.force) continue
    const st = resolved(current)
    if (st?.type === 'directory') return fail(`${path} is a directory: cannot copy ${file.rel} over it`)
    const mode = fileMode(input, file)
    if (current.exists && st && current.checksum === sha1(file.content)) {
      const attrs = planAttributes(path, st, { mode, owner: input.owner, group: input.group }, context)
      if (isAttributeFailure(attrs)) return fail(attrs.msg)
      steps.push(...attrs.steps)
      continue
    }
    const write = planWrite({ dest: path, source: { content: file.content }, mode, owner: input.owner, group: input.group, backup: input.backup }, { dest: current, parent: current, env, ids })
    if ('failed' in write) return fail(write.msg)
    steps.push(...write.steps)
  }
  for (const link of input.tree.links) {
    const path = input.destRoot + link.rel
    const current = facts.paths.get(link.rel)!
    if (current.stat?.type === 'link' && current.linkTarget === link.target) continue
    if (current.exists && current.stat?.type === 'directory') return fail(`${path} is a directory: cannot replace it with a link`)
    steps.push({ kind: 'exec', argv: ['ln', '-sfn', '--', link.target, path] })
  }
  const result = { dest: input.destRoot, src: input.src }
  if (steps.length === 0) return { changed: false, result }
  return { changed: true, steps, result }
}

function fileMode(input: TreeInput, file: TreeFile): ModeSpec | undefined {
  return input.mode === 'preserve' ? formatMode(file.mode) : input.mode
}

/**
 * A tree holding exactly one file (and no subdirectory or link) is reported as Ansible reports it:
 * the copy module's result for that file, diff included.
 */
function singleFile(input: TreeInput): CopyInput | undefined {
  const { files, dirs, links } = input.tree
  if (files.length !== 1 || dirs.length > 0 || links.length > 0) return undefined
  const file = files[0]!
  return {
    dest: input.destRoot + file.rel,
    content: file.content,
    srcName: file.rel,
    afterHeader: input.src.replace(/\/+$/, '') + '/' + (input.tree.top ? file.rel.slice(input.tree.top.length + 1) : file.rel),
    mode: fileMode(input, file),
    owner: input.owner,
    group: input.group,
    backup: input.backup,
    force: input.force,
    isContent: false,
  }
}

/** Directories the single file needs go before the file's own plan. */
function withDirSteps(dirSteps: Step[], plan: Plan): Plan {
  if (plan.failed || dirSteps.length === 0) return plan
  if (!plan.changed) return { changed: true, steps: dirSteps, result: plan.result }
  return { ...plan, steps: [...dirSteps, ...plan.steps] }
}
