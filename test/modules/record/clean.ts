/**
 * Normalises a module result for comparison. Dropped as volatile or as Ansible plumbing:
 * `invocation`, `_ansible_*`, `action`, times (`mtime`, `atime`, `ctime`), `inode`, `dev`,
 * `backup_file` (its name holds a pid and a time; its existence is checked instead),
 * `tmpdir`-style paths. Ids and names of the user running the test become placeholders,
 * since recordings are made as root and replayed as whoever runs the tests.
 */
import { userInfo } from 'node:os'

const DROPPED = new Set(['invocation', 'action', 'mtime', 'atime', 'ctime', 'inode', 'dev', 'backup_file', 'warnings', 'deprecations'])

function ids(): Record<string, unknown> {
  const me = userInfo()
  return { uid: me.uid, gid: me.gid, owner: me.username }
}

export function cleanResult(result: Record<string, unknown>, identity: Record<string, unknown> = ids()): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(result)) {
    if (DROPPED.has(key) || key.startsWith('_ansible')) continue
    if ((key === 'uid' || key === 'gid' || key === 'owner' || key === 'pw_name') && value === identity[key === 'pw_name' ? 'owner' : key]) out[key] = `@${key.toUpperCase()}@`
    else if ((key === 'stat' || key === 'before' || key === 'after') && value && typeof value === 'object') out[key] = cleanResult(value as Record<string, unknown>, identity)
    else if (key === 'diff' && value && typeof value === 'object') out[key] = Array.isArray(value) ? value.map((v) => cleanResult(v, identity)) : cleanResult(value as Record<string, unknown>, identity)
    else out[key] = value
  }
  if ('backup_file' in result) out.backup_file_made = true
  return out
}
