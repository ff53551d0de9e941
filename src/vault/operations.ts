import { mkdir, readFile, realpath, stat } from 'node:fs/promises'
import { dirname, extname } from 'node:path'
import { FileNotFoundError } from '../errors.js'
import { DEFAULT_VAULT_ID, parseEnvelope } from './envelope.js'
import { VaultFailureError } from './errors.js'
import { existingMode, withPrivateTempFile, writeFileAtomic } from './files.js'
import type { VaultSecret } from './secret.js'
import { decryptVault, encryptText, type Decrypted } from './vault-text.js'

/**
 * The file-level operations behind `drover vault`, following ansible-vault's VaultEditor. Every
 * operation on several files checks all of them before writing any, so a failure writes nothing.
 */
export interface VaultStreams {
  readStdin(): Promise<Buffer>
  stdout: NodeJS.WritableStream
}

/** Opens `path` in the user's editor and resolves when the editor exits. */
export type EditFile = (path: string) => Promise<void>

const STDIO = '-'

async function readSource(path: string, streams: VaultStreams): Promise<Buffer> {
  try {
    return path === STDIO ? await streams.readStdin() : await readFile(path)
  } catch (err) {
    throw new FileNotFoundError(`Unable to read source file (${path}): ${(err as Error).message}`, { file: path })
  }
}

async function writeTarget(path: string, data: string | Uint8Array, streams: VaultStreams, mode?: number): Promise<void> {
  if (path === STDIO) {
    streams.stdout.write(data)
    return
  }
  await writeFileAtomic(path, data, { mode })
}

/** In-place operations follow a symlink and replace its target, as ansible-vault does. */
async function followLink(path: string): Promise<string> {
  if (path === STDIO) return path
  return realpath(path).catch(() => path)
}

/** Ansible's CLI reports a failure on FILE as "<error> for FILE". */
function decryptFor(data: Buffer, secrets: readonly VaultSecret[], name: string, idMatch?: boolean): Decrypted {
  try {
    return decryptVault(data, secrets, { file: name, idMatch })
  } catch (err) {
    throw err instanceof VaultFailureError ? err.withSuffix(` for ${name}`) : err
  }
}

interface Pending {
  target: string
  data: string | Uint8Array
  mode?: number
}

async function commit(pending: readonly Pending[], streams: VaultStreams): Promise<void> {
  for (const p of pending) await writeTarget(p.target, p.data, streams, p.mode)
}

export async function encryptFiles(paths: readonly string[], secret: VaultSecret, output: string | undefined, streams: VaultStreams): Promise<void> {
  const pending: Pending[] = []
  for (const given of paths.length ? paths : [STDIO]) {
    const path = await followLink(given)
    const plaintext = await readSource(path, streams)
    pending.push({ target: output ?? path, data: encryptText(plaintext, secret) })
  }
  await commit(pending, streams)
}

export async function decryptFiles(paths: readonly string[], secrets: readonly VaultSecret[], output: string | undefined, streams: VaultStreams, idMatch?: boolean): Promise<void> {
  const pending: Pending[] = []
  for (const given of paths.length ? paths : [STDIO]) {
    const path = await followLink(given)
    const { plaintext } = decryptFor(await readSource(path, streams), secrets, path, idMatch)
    pending.push({ target: output ?? path, data: plaintext })
  }
  await commit(pending, streams)
}

/** The plaintexts, in order, for `view`. */
export async function viewFiles(paths: readonly string[], secrets: readonly VaultSecret[], streams: VaultStreams, idMatch?: boolean): Promise<Buffer[]> {
  const out: Buffer[] = []
  for (const path of paths) out.push(decryptFor(await readSource(path, streams), secrets, path, idMatch).plaintext)
  return out
}

/** Re-encrypt with a new secret (and a new salt), keeping each file's permissions. */
export async function rekeyFiles(paths: readonly string[], secrets: readonly VaultSecret[], newSecret: VaultSecret, streams: VaultStreams, idMatch?: boolean): Promise<void> {
  const pending: Pending[] = []
  for (const given of paths) {
    const path = await followLink(given)
    const { plaintext } = decryptFor(await readSource(path, streams), secrets, path, idMatch)
    pending.push({ target: path, data: encryptText(plaintext, newSecret), mode: await existingMode(path) })
  }
  await commit(pending, streams)
}

/**
 * Decrypt into a private temp file, let the user edit it, and write the vault file back (same
 * secret, same vault id) only if the content changed.
 */
export async function editVaultFile(given: string, secrets: readonly VaultSecret[], edit: EditFile, idMatch?: boolean): Promise<void> {
  const path = await followLink(given)
  const vaulttext = await readFile(path).catch((err: Error) => {
    throw new FileNotFoundError(`Unable to read source file (${path}): ${err.message}`, { file: path })
  })
  const { plaintext, secret } = decryptFor(vaulttext, secrets, path, idMatch)
  const vaultId = parseEnvelope(vaulttext.toString('latin1'), path).vaultId ?? DEFAULT_VAULT_ID
  const mode = await existingMode(path)
  await withPrivateTempFile(extname(path), plaintext, async (temp) => {
    await edit(temp)
    const edited = await readFile(temp)
    if (!edited.equals(plaintext)) await writeFileAtomic(path, encryptText(edited, secret, { vaultId }), { mode })
  })
}

/** A new vault file from whatever the user writes in the editor (even nothing). */
export async function createVaultFile(path: string, secret: VaultSecret, edit: EditFile, warn: (message: string) => void): Promise<void> {
  const dir = dirname(path)
  if (!(await stat(dir).catch(() => undefined))) {
    warn(`${dir} does not exist, creating...`)
    await mkdir(dir, { recursive: true })
  }
  if (await stat(path).then((s) => s.isFile(), () => false)) {
    throw new VaultFailureError('file-exists', `${path} exists, please use 'edit' instead`, { file: path })
  }
  await withPrivateTempFile(extname(path), Buffer.alloc(0), async (temp) => {
    await edit(temp)
    await writeFileAtomic(path, encryptText(await readFile(temp), secret), { mode: 0o600 })
  })
}

/** `name: !vault |` and the envelope indented by 10, as encrypt_string prints it. */
export function formatVaultString(envelope: string, name?: string, indent = 10): string {
  const pad = ' '.repeat(indent)
  const lines = [`${name ? `${name}: ` : ''}!vault |`]
  for (const line of envelope.split('\n')) if (line !== '') lines.push(pad + line)
  return lines.join('\n')
}
