import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { vaultCommand, type VaultCliIO } from '../../../src/cli/vault.js'

export interface Run {
  stdout: string
  stderr: string
  error?: unknown
}

export interface RunOptions extends Partial<Omit<VaultCliIO, 'stdin' | 'stdout'>> {
  stdin?: string
  stdinIsTTY?: boolean
  stdoutIsTTY?: boolean
}

/** Run `drover vault ARGS` in-process with captured streams; errors are returned, not thrown. */
export async function runVault(args: string[], opts: RunOptions = {}): Promise<Run> {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean }
  stdin.isTTY = opts.stdinIsTTY
  stdin.end(opts.stdin ?? '')
  const stdout = new PassThrough() as PassThrough & { isTTY?: boolean }
  stdout.isTTY = opts.stdoutIsTTY
  const stderr = new PassThrough()
  const out: Buffer[] = []
  const err: Buffer[] = []
  stdout.on('data', (c: Buffer) => out.push(c))
  stderr.on('data', (c: Buffer) => err.push(c))
  const noPrompt = async (q: string): Promise<string> => { throw new Error(`unexpected prompt: ${q}`) }
  const { stdin: _s, stdinIsTTY: _i, stdoutIsTTY: _o, ...rest } = opts
  const cmd = vaultCommand({ env: {}, promptSecret: noPrompt, promptLine: noPrompt, edit: async (p: string) => { throw new Error(`unexpected editor on ${p}`) }, ...rest, stdin, stdout, stderr })
  let error: unknown
  try {
    await cmd.parseAsync(args, { from: 'user' })
  } catch (e) {
    error = e
  }
  await new Promise((r) => setImmediate(r))
  return { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), error }
}

export async function writeFixture(dir: string, name: string, content: string | Buffer, mode = 0o644): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, content)
  await chmod(path, mode)
  return path
}
