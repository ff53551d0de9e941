import { randomBytes } from 'node:crypto'
import { mkdtemp, open, rename, rm, stat, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'

export interface AtomicWriteOptions {
  /** Final permission bits; new vault files are private (0600) as ansible-vault makes them. */
  mode?: number
}

/**
 * Write through a temp file in the same directory and rename it over the target, so a reader
 * sees the old file or the new one, never half of either.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await open(temp, 'wx', 0o600)
  try {
    try {
      await handle.writeFile(data)
      await handle.chmod(opts.mode ?? 0o600)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
  } catch (err) {
    await unlink(temp).catch(() => undefined)
    throw err
  }
}

/** The permission bits of an existing file, or undefined when there is none. */
export async function existingMode(path: string): Promise<number | undefined> {
  const info = await stat(path).catch(() => undefined)
  return info?.isFile() ? info.mode & 0o7777 : undefined
}

/**
 * Run `use` with a private file holding `content`: the file is 0600 inside a fresh 0700
 * directory, and both are overwritten and removed afterwards whatever happens.
 */
export async function withPrivateTempFile<T>(ext: string, content: Uint8Array, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'drover-vault-'))
  const path = join(dir, `plaintext${ext}`)
  try {
    const handle = await open(path, 'wx', 0o600)
    try {
      await handle.writeFile(content)
    } finally {
      await handle.close()
    }
    return await use(path)
  } finally {
    await scrub(path)
    await rm(dir, { recursive: true, force: true })
  }
}

/** Overwrite before unlinking so the plaintext does not linger in the freed blocks (best effort). */
async function scrub(path: string): Promise<void> {
  try {
    const handle = await open(path, 'r+')
    try {
      const { size } = await handle.stat()
      if (size > 0) await handle.write(Buffer.alloc(size), 0, size, 0)
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // The editor may have replaced or removed the file; rm takes care of whatever is left.
  }
}
