import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { isAlive, killTrees, processesMatching } from './processes.js'

export const DIR_PREFIX = 'drover-harness-'
const OWNER_FILE = 'owner.pid'

/** True if every directory from `path` up to / can be traversed by other users. */
function traversableByOthers(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false
    if (dirname(dir) === dir) return true
  }
}

/**
 * The base for harness dirs. The login user must reach files inside (authorized_keys, the
 * activity log), so the whole chain must be traversable; a TMPDIR under /root is not.
 */
export function harnessBase(): string {
  for (const candidate of [tmpdir(), '/tmp']) {
    try {
      if (traversableByOthers(candidate)) return candidate
    } catch {
      // missing: try the next
    }
  }
  return tmpdir()
}

/** A fresh private harness dir, readable by the login user, stamped with this process's pid. */
export function makeHarnessDir(base: string): string {
  const dir = mkdtempSync(join(base, DIR_PREFIX))
  chmodSync(dir, 0o755)
  writeFileSync(join(dir, OWNER_FILE), `${process.pid}\n`)
  return dir
}

/** Kills whatever still runs out of `dir` (listeners and their sessions) and removes it. */
export function destroyHarnessDir(dir: string): void {
  // Sessions re-exec sshd with the same -f, so matching the dir in the command line finds them.
  killTrees(processesMatching(`${dir}/`))
  rmSync(dir, { recursive: true, force: true })
}

/**
 * Removes harness dirs whose owning process is gone, with any sshd still running from them:
 * a test process killed with SIGKILL cannot clean up after itself, so the next one does.
 */
export function reapStaleHarnesses(base: string): void {
  let entries: string[]
  try {
    entries = readdirSync(base).filter((e) => e.startsWith(DIR_PREFIX))
  } catch {
    return
  }
  for (const entry of entries) {
    const dir = join(base, entry)
    let owner: number
    try {
      owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8').trim())
    } catch {
      continue // being created right now, or not ours
    }
    if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) destroyHarnessDir(dir)
  }
}
