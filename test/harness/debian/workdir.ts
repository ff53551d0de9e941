import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isAlive, killTrees, processesMatching } from '../processes.js'
import { CGROUP_PARENT, cgroup2Root, destroyCgroup, removeCgroupParentIfEmpty, runCgroup } from './systemd.js'

/** Per-run dirs live in /tmp (not TMPDIR): the overlay upper/work dirs need a real local filesystem. */
export const DEBIAN_BASE = '/tmp'
export const DEBIAN_PREFIX = 'drover-debian-'
const OWNER_FILE = 'owner.pid'

export function makeRunDir(): string {
  const dir = mkdtempSync(join(DEBIAN_BASE, DEBIAN_PREFIX))
  writeFileSync(join(dir, OWNER_FILE), `${process.pid}\n`)
  return dir
}

/**
 * Kills every host started from `dir` and removes it. Each host's `unshare` names the dir on its
 * command line, and its tree holds the namespace's init; when that init dies the kernel kills
 * the rest of the namespace and releases its mounts.
 */
export function destroyRunDir(dir: string): void {
  killTrees(processesMatching(`${dir}/`))
  // systemd hosts: whatever still runs in their cgroups, then the cgroups themselves.
  destroyCgroup(runCgroup(dir))
  removeCgroupParentIfEmpty()
  rmSync(dir, { recursive: true, force: true })
}

/** A test process killed with SIGKILL cannot clean up; the next start removes what it left. */
export function reapStaleRunDirs(): void {
  let entries: string[]
  try {
    entries = readdirSync(DEBIAN_BASE).filter((e) => e.startsWith(DEBIAN_PREFIX))
  } catch {
    return
  }
  for (const entry of entries) {
    const dir = join(DEBIAN_BASE, entry)
    let owner: number
    try {
      owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8').trim())
    } catch {
      continue
    }
    if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) destroyRunDir(dir)
  }
  // A run's cgroups whose run dir is gone (removed by hand while a host still ran).
  const root = cgroup2Root()
  if (root === undefined) return
  let runs: string[] = []
  try {
    runs = readdirSync(join(root, CGROUP_PARENT))
  } catch {
    return
  }
  for (const run of runs) {
    if (run.startsWith(DEBIAN_PREFIX) && !existsSync(join(DEBIAN_BASE, run))) destroyCgroup(join(root, CGROUP_PARENT, run))
  }
  removeCgroupParentIfEmpty()
}
