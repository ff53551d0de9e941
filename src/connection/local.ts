/** `connection: local`: commands run in a child /bin/sh on the controller, in drover's cwd as Ansible does. */
import { spawn } from 'node:child_process'
import type { Connection, ExecOptions, ExecResult } from './types.js'

export class LocalConnection implements Connection {
  readonly transport = 'local' as const
  constructor(readonly host: string) {}

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'] })
      const stdout: Buffer[] = []
      const stderr: Buffer[] = []
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
      child.on('error', reject)
      child.on('close', (code, signal) => {
        resolvePromise({ rc: code ?? (signal ? 128 + signalNumber(signal) : 1), stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) })
      })
      child.stdin.on('error', () => {}) // the command may exit without reading its input
      child.stdin.end(options.stdin ?? '')
    })
  }

  async close(): Promise<void> {}
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15, SIGPIPE: 13 }
  return numbers[signal] ?? 0
}
