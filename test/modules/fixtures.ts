/** Gathered facts built by hand, for pure plan fixtures (args + facts → plan). */
import type { DestFacts } from '../../src/module/content-write.js'
import type { HostEnv, PathFacts, PathStat } from '../../src/module/file-facts.js'
import { registry } from './run-module.js'

export const ENV: HostEnv = { umask: 0o022, now: '2024-01-02@03:04:05', pid: '42', uid: 1000, gid: 1000, user: 'deploy', group: 'deploy' }

export function stat(type: PathStat['type'], mode: number, extra: Partial<PathStat> = {}): PathStat {
  return { type, mode, uid: 1000, gid: 1000, owner: 'deploy', group: 'deploy', size: 0, mtime: 0, atime: 0, ctime: 0, inode: 1, dev: 1, nlink: type === 'directory' ? 2 : 1, blocks: 0, blockSize: 4096, rdev: 0, ...extra }
}

export function present(path: string, st: PathStat, extra: Partial<PathFacts> = {}): PathFacts {
  return { path, exists: true, stat: st, readable: true, writeable: true, executable: false, ...extra }
}

export function missing(path: string): PathFacts {
  return { path, exists: false }
}

export function destFacts(path: string, dest: PathFacts, parentExists = true): DestFacts {
  return { dest, parent: parentExists ? present(path.replace(/\/[^/]*$/, ''), stat('directory', 0o755)) : missing(path.replace(/\/[^/]*$/, '')), env: ENV, ids: {} }
}

/** Arguments as the executor hands them to a module: validated, with defaults. */
export function args<T>(module: string, raw: Record<string, unknown>): T {
  return registry.prepareArgs(registry.get(module), raw) as T
}
