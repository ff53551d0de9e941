/**
 * `connection: local`: one persistent /bin/sh child on the controller runs every command as a
 * frame (no process per task), in drover's cwd as Ansible does.
 */
import { spawn } from 'node:child_process'
import { ShellSession, type ShellStreams } from './shell-session.js'
import type { Connection, ExecOptions, ExecResult } from './types.js'

function openLocalShell(): Promise<ShellStreams> {
  const child = spawn('/bin/sh', [], { stdio: ['pipe', 'pipe', 'pipe'] })
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
  private readonly shell: ShellSession

  constructor(readonly host: string) {
    this.shell = new ShellSession(host, openLocalShell)
  }

  get roundTrips(): number {
    return this.shell.frames
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return this.shell.run(command, options)
  }

  async close(): Promise<void> {
    this.shell.close()
  }
}
