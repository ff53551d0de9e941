/**
 * A private key that signs without decoding its PEM again. ssh2's parsed key signs from its PEM
 * text, and OpenSSL decodes that text anew for every signature: about 0.4 ms for an ed25519 key on
 * these VMs, 0.8 ms inside a login (timed around the call), one signature per login. The same key
 * as a KeyObject signs in ~35 µs. The prepared key is ssh2's parsed key with only `sign` replaced,
 * so ssh2 still sees its own key (type, public blob) and calls `sign` as its API documents.
 */
import { createPrivateKey, sign as signWith, type KeyObject } from 'node:crypto'
import type { ParsedKey } from 'ssh2'

/**
 * The hash a key type signs with when ssh2 names none: it names one only for RSA (from the
 * server's signature algorithms). Undefined: a type left to ssh2's own signing (DSA).
 */
function defaultHash(type: string): string | null | undefined {
  switch (type) {
    case 'ssh-ed25519':
      return null
    case 'ssh-rsa':
      return 'sha1'
    case 'ecdsa-sha2-nistp256':
      return 'sha256'
    case 'ecdsa-sha2-nistp384':
      return 'sha384'
    case 'ecdsa-sha2-nistp521':
      return 'sha512'
    default:
      return undefined
  }
}

export function preparedKey(key: ParsedKey): ParsedKey {
  const hash = defaultHash(key.type)
  if (hash === undefined || !key.isPrivateKey()) return key
  let keyObject: KeyObject
  try {
    keyObject = createPrivateKey(key.getPrivatePEM())
  } catch {
    return key
  }
  const prepared = Object.create(key) as ParsedKey
  // ssh2 reports an Error returned here (not thrown) as a failed signature, as its own sign does.
  prepared.sign = (data, algo) => {
    try {
      return signWith(algo ?? hash, typeof data === 'string' ? Buffer.from(data) : data, keyObject)
    } catch (error) {
      return error as Buffer
    }
  }
  return prepared
}
