/**
 * Private key files for publickey authentication: which files (explicit, ssh_config, or the
 * defaults ssh tries), and decrypting encrypted ones with a passphrase from a file or one prompt.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { ParsedKey } from 'ssh2'
import { ConnectionError } from '../errors.js'
import type { ConnectCache } from './connect-cache.js'
import { preparedKey } from './prepared-key.js'

/** OpenSSH's default identities, in its order. */
export const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa']

export interface LoadedIdentity {
  file: string
  key: ParsedKey
}

/** Asks for a key's passphrase; the pool memoises the answer so one run asks at most once. */
export type PassphraseSource = (file: string) => Promise<string | undefined>

const ENCRYPTED = /encrypted|passphrase/i

/**
 * Loads each key file that exists. An explicitly named file that is missing or unreadable is an
 * error (as ssh warns and the login then fails confusingly); default identities are optional.
 */
export async function loadIdentities(
  host: string,
  files: { path: string; explicit: boolean }[],
  passphrase: PassphraseSource,
  cache?: ConnectCache,
): Promise<LoadedIdentity[]> {
  const loaded: LoadedIdentity[] = []
  for (const { path, explicit } of files) {
    const key = cache ? await cache.key(path, () => loadKey(host, path, passphrase)).catch((error: unknown) => rehost(error, host)) : await loadKey(host, path, passphrase)
    if (key === null) {
      if (explicit) throw new ConnectionError(host, `Failed to read the private key ${path}: no such file`)
      continue
    }
    loaded.push({ file: path, key })
  }
  return loaded
}

/** A failure another host's connection met loading the same file, reported as this host's. */
function rehost(error: unknown, host: string): never {
  if (error instanceof ConnectionError && error.host !== host) throw new ConnectionError(host, error.message, error.code, { cause: error.cause })
  throw error
}

/** One key file's parsed key; null when the file does not exist. */
async function loadKey(host: string, path: string, passphrase: PassphraseSource): Promise<ParsedKey | null> {
  if (!existsSync(path)) return null
  // Imported here, not at the top: runs that never open an SSH connection (--syntax-check, the
  // listings, local hosts) then never load ssh2. ssh2 is CommonJS: `utils` is reachable only
  // through the default export.
  const { utils } = (await import('ssh2')).default
  let data: Buffer
  try {
    data = readFileSync(path)
  } catch (error) {
    throw new ConnectionError(host, `Failed to read the private key ${path}: ${(error as Error).message}`)
  }
  let parsed = utils.parseKey(data)
  if (parsed instanceof Error && ENCRYPTED.test(parsed.message)) {
    const secret = await passphrase(path)
    if (secret === undefined) throw new ConnectionError(host, `The private key ${path} is encrypted and no passphrase was given (set DROVER_PRIVATE_KEY_PASSPHRASE_FILE or run on a terminal)`)
    parsed = utils.parseKey(data, secret)
    if (parsed instanceof Error) throw new ConnectionError(host, `Wrong passphrase for the private key ${path}`)
  }
  if (parsed instanceof Error) throw new ConnectionError(host, `Failed to load the private key ${path}: ${parsed.message}`)
  return preparedKey(parsed)
}
