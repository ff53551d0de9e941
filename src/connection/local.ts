/**
 * `connection: local`: one persistent /bin/sh child on the controller runs every command as a
 * frame (no process per task); one more per become user. Like Ansible it works in the playbook's
 * directory for playbooks, and in the current directory for ad hoc runs.
 */
import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { chmod, chown, readFile, rename, stat, unlink } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { resolve } from 'node:path'
import type { ShellStreams } from './shell-session.js'
import { ShellSet } from './shell-set.js'
import { tempNameFor } from './transfer.js'
import type { Connection, ExecOptions, ExecResult, PutOptions } from './types.js'

/** How long an escalation may take on the controller before it counts as refused. */
const BECOME_TIMEOUT_MS = 10_000

function openLocalShell(workDir: string | undefined, command?: string): Promise<ShellStreams> {
  const child = spawn('/bin/sh', command ? ['-c', command] : [], { stdio: ['pipe', 'pipe', 'pipe'], cwd: workDir })
  child.stdin.on('error', () => {}) // a dead shell is reported through onClose
  return Promise.resolve({
    write: (data) => void child.stdin.write(data),
    stdout: child.stdout,
    stderr: child.stderr,
    onClose: (listener) => void child.once('close', listener),
    close: () => {
      child.stdin.end()
      child.kill()
    },
  })
}

export class LocalConnection implements Connection {
  readonly transport = 'local' as const
  private readonly shells: ShellSet

  constructor(
    readonly host: string,
    private readonly workDir?: string,
  ) {
    this.shells = new ShellSet(host, (command) => openLocalShell(workDir, command), BECOME_TIMEOUT_MS)
  }

  get roundTrips(): number {
    return this.shells.frames
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const shell = options.become ? this.shells.forBecome(options.become) : this.shells.plain
    return shell.run(command, options)
  }

  async put(relativePath: string, content: Buffer | Readable, options: PutOptions = {}): Promise<void> {
    const path = resolve(this.workDir ?? '.', relativePath)
    const existing = await stat(path).catch(() => undefined)
    const temp = tempNameFor(path)
    try {
      await pipeline(Buffer.isBuffer(content) ? Readable.from([content]) : content, createWriteStream(temp, { mode: 0o600 }))
      await chmod(temp, options.mode ?? (existing ? existing.mode & 0o7777 : 0o644))
      if (existing) await chown(temp, existing.uid, existing.gid).catch(() => undefined)
      await rename(temp, path)
    } catch (error) {
      await unlink(temp).catch(() => undefined)
      throw error
    }
  }

  get(path: string): Promise<Buffer> {
    return readFile(resolve(this.workDir ?? '.', path))
  }

  async close(): Promise<void> {
    this.shells.close()
  }
}
