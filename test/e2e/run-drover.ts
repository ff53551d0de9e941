/** Runs the built drover CLI as a user would, capturing output and exit code. */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const DROVER_MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url))

export interface DroverRun {
  code: number
  stdout: string
  stderr: string
}

export function runDrover(args: string[], options: { env: Record<string, string>; cwd?: string; timeoutMs?: number }): Promise<DroverRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DROVER_MAIN, ...args],
      { env: options.env, cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout: String(stdout), stderr: String(stderr) })
      },
    )
  })
}
