import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface KeySpec {
  path: string
  comment: string
  /** ed25519 (default), ecdsa or rsa. */
  type?: 'ed25519' | 'ecdsa' | 'rsa'
  /** Encrypts the private key with this passphrase. */
  passphrase?: string
}

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`

/**
 * Generates key pairs (unencrypted ed25519 unless asked otherwise) at each `path` / `path.pub`, all in parallel from one
 * shell: spawning from Node costs far more than ssh-keygen itself, and a 20-host harness needs 21
 * keys. Returns each public key without its comment (`ssh-ed25519 AAAA…`), as known_hosts wants.
 */
export async function generateKeys(keys: KeySpec[]): Promise<string[]> {
  if (keys.length === 0) return []
  const script = [
    ...keys.map((k, i) => `ssh-keygen -q -t ${k.type ?? 'ed25519'}${k.type === 'rsa' ? ' -b 2048' : ''} -N ${quote(k.passphrase ?? '')} -C ${quote(k.comment)} -f ${quote(k.path)} </dev/null & p${i}=$!`),
    // Waiting on each pid keeps each exit status; a bare `wait` would lose them.
    ...keys.map((_, i) => `wait $p${i} || exit 1`),
  ].join('\n')
  try {
    await run('/bin/sh', ['-c', script])
  } catch (error) {
    throw new Error(`harness: ssh-keygen failed: ${(error as { stderr?: string }).stderr?.trim() || error}`)
  }
  return Promise.all(keys.map(async (k) => {
    const [type, base64] = (await readFile(`${k.path}.pub`, 'utf8')).trim().split(/\s+/)
    return `${type} ${base64}`
  }))
}

/** known_hosts names a non-default port as `[addr]:port`; port 22 is the bare address. */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`
}
