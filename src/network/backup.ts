/**
 * Writes a device's running configuration to the controller as ansible.netcommon's network action
 * does: `backup/<inventory_hostname>_config.<YYYY-MM-DD@HH:MM:SS>` beside the playbook, or the
 * given dir_path/filename; an identical existing file is left alone.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, extname, join, resolve } from 'node:path'

export interface BackupOptions {
  filename?: string
  dir_path?: string
}

export function backupFileName(host: string, now: Date): { filename: string; date: string; time: string } {
  const pad = (n: number) => String(n).padStart(2, '0')
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`
  return { filename: `${host}_config.${date}@${time}`, date, time }
}

/** Drops the show command's own lines (`Building configuration...`). */
export function sanitizeBackup(config: string, nonConfigLines: readonly RegExp[]): string {
  return config
    .split('\n')
    .filter((line) => !nonConfigLines.some((re) => re.test(line)))
    .join('\n')
    .replace(/^\n+/, '')
}

export function writeBackup(content: string, host: string, playbookDir: string, options: BackupOptions = {}, now = new Date()): Record<string, unknown> {
  const stamp = backupFileName(host, now)
  const dir = resolve(playbookDir, options.dir_path ?? 'backup')
  const dest = join(dir, options.filename ?? stamp.filename)
  mkdirSync(dir, { recursive: true })
  const written = !existsSync(dest) || readFileSync(dest, 'utf8') !== content
  if (written) writeFileSync(dest, content)
  const result: Record<string, unknown> = { backup_path: dest, date: stamp.date, time: stamp.time, backup_written: written }
  if (!options.filename) Object.assign(result, { filename: basename(dest), shortname: dest.slice(0, dest.length - extname(dest).length) })
  return result
}
