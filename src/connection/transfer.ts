/**
 * File transfer over SFTP on the host's existing client: content streams into a temp file in the
 * destination's directory, which is then renamed over the destination (atomic on POSIX), so a
 * dropped connection leaves no half-written file under the real name.
 */
import { randomBytes } from 'node:crypto'
import { dirname, join, basename } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Client, SFTPWrapper, Stats } from 'ssh2'
import { ConnectionError } from '../errors.js'
import type { PutOptions } from './types.js'

export function openSftp(client: Client, host: string): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => {
    client.sftp((error, sftp) => {
      if (error) return reject(new ConnectionError(host, `Failed to open SFTP on the host: ${error.message}`, 'E_CONNECTION', { cause: error }))
      resolve(sftp)
    })
  })
}

const call = <T>(fn: (cb: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value as T))))

/** Name of the temp file beside `path`: hidden, recognisable, unique per transfer. */
export function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.drover-${randomBytes(6).toString('hex')}.tmp`)
}

/** `signal` aborts the transfer: SFTP streams never end by themselves when the connection drops. */
export async function sftpPut(sftp: SFTPWrapper, path: string, content: Buffer | Readable, options: PutOptions = {}, signal?: AbortSignal): Promise<void> {
  const existing = await call<Stats>((cb) => sftp.stat(path, cb)).catch(() => undefined)
  const temp = tempNameFor(path)
  const mode = options.mode ?? (existing ? existing.mode & 0o7777 : 0o644)
  try {
    // Created 0600 and widened after it is complete: nobody reads a partial file through the temp name.
    const out = sftp.createWriteStream(temp, { mode: 0o600 })
    await pipeline(Buffer.isBuffer(content) ? Readable.from([content]) : content, out, { signal })
    await call((cb) => sftp.chmod(temp, mode, cb))
    if (existing) await call((cb) => sftp.chown(temp, existing.uid, existing.gid, cb)).catch(() => undefined)
    await call((cb) => sftp.ext_openssh_rename(temp, path, cb))
  } catch (error) {
    await call((cb) => sftp.unlink(temp, cb)).catch(() => undefined)
    throw error
  }
  await removeLeftovers(sftp, path)
}

/** Temp files of earlier transfers to `path` whose connection dropped: nobody else will remove them. */
export function isLeftoverOf(path: string, name: string): boolean {
  const prefix = `.${basename(path)}.drover-`
  return name.startsWith(prefix) && /^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length))
}

async function removeLeftovers(sftp: SFTPWrapper, path: string): Promise<void> {
  const entries = await call<{ filename: string }[]>((cb) => sftp.readdir(dirname(path), cb)).catch(() => [])
  for (const entry of entries) {
    if (isLeftoverOf(path, entry.filename)) await call((cb) => sftp.unlink(join(dirname(path), entry.filename), cb)).catch(() => undefined)
  }
}

export async function sftpGet(sftp: SFTPWrapper, path: string, signal?: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = []
  await pipeline(sftp.createReadStream(path), async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) chunks.push(chunk)
  }, { signal })
  return Buffer.concat(chunks)
}
