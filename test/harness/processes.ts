import { readdirSync, readFileSync } from 'node:fs'

/**
 * Process-tree helpers over /proc. They are synchronous on purpose: the process 'exit' hook can
 * only run synchronous code, and it must still find and kill every sshd a harness started.
 */

function childrenByParent(): Map<number, number[]> {
  const byParent = new Map<number, number[]>()
  for (const entry of safeReaddir('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    } catch {
      continue
    }
    // comm (field 2) may contain spaces and parentheses; ppid is the second field after its last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    const siblings = byParent.get(ppid) ?? []
    siblings.push(pid)
    byParent.set(ppid, siblings)
  }
  return byParent
}

/** `pid` and all its descendants, parents before children. */
export function processTree(pid: number, byParent = childrenByParent()): number[] {
  const tree: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const next = queue.shift()!
    tree.push(next)
    queue.push(...(byParent.get(next) ?? []))
  }
  return tree
}

/** Live processes whose command line contains `text` (what `pgrep -f text` finds). */
export function processesMatching(text: string): number[] {
  const found: number[] = []
  for (const entry of safeReaddir('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid) || pid === process.pid) continue
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(text)) found.push(pid)
    } catch {
      // exited while we looked
    }
  }
  return found
}

export function killQuietly(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, signal)
  } catch {
    // already gone
  }
}

/** Kills each pid and its descendants. Session sshds call setsid(), so a process-group kill misses them. */
export function killTrees(pids: Iterable<number>): void {
  const byParent = childrenByParent() // one /proc scan for all of them
  killAllAtOnce([...pids].flatMap((pid) => processTree(pid, byParent)))
}

/**
 * Kills the processes (listed parents before children) as a crash would: all at once. They are
 * stopped first, so no shell sees its child die and reports that (a session shell would print its
 * frame's end marker with status 137 before its sshd goes); then killed children first, so a
 * parent is still there to reap them and no zombies pile up under init.
 */
export function killAllAtOnce(processes: readonly number[]): void {
  for (const p of processes) killQuietly(p, 'SIGSTOP')
  for (const p of [...processes].reverse()) killQuietly(p)
}

export function killTree(pid: number): void {
  killTrees([pid])
}

/** True unless the process is gone or a zombie (finished, only waiting for its parent to reap it). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat[stat.lastIndexOf(')') + 2] !== 'Z'
  } catch {
    return false
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path)
  } catch {
    return []
  }
}
