import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto'
import { VaultFailureError } from './errors.js'

const ITERATIONS = 10_000
const KEY_LENGTH = 32
const IV_LENGTH = 16
const BLOCK = 16
const SALT_LENGTH = 32

interface DerivedKeys {
  cipherKey: Buffer
  hmacKey: Buffer
  iv: Buffer
}

function deriveKeys(password: Uint8Array, salt: Uint8Array): DerivedKeys {
  const derived = pbkdf2Sync(password, salt, ITERATIONS, 2 * KEY_LENGTH + IV_LENGTH, 'sha256')
  return {
    cipherKey: derived.subarray(0, KEY_LENGTH),
    hmacKey: derived.subarray(KEY_LENGTH, 2 * KEY_LENGTH),
    iv: derived.subarray(2 * KEY_LENGTH),
  }
}

/** Ansible pads to the AES block even though CTR needs no padding; the format depends on it. */
function pkcs7Pad(data: Uint8Array): Buffer {
  const n = BLOCK - (data.length % BLOCK)
  return Buffer.concat([data, Buffer.alloc(n, n)])
}

function pkcs7Unpad(data: Buffer, file?: string): Buffer {
  const n = data.length > 0 ? data[data.length - 1]! : 0
  const valid = data.length % BLOCK === 0 && n >= 1 && n <= BLOCK && data.subarray(data.length - n).every((b) => b === n)
  if (!valid) throw formatError('the decrypted data has invalid padding', file)
  return data.subarray(0, data.length - n)
}

function formatError(detail: string, file?: string): VaultFailureError {
  return new VaultFailureError('format', `Vault format error${file ? ` in ${file}` : ''}: ${detail}`, { file })
}

const HEX = /^[0-9a-fA-F]*$/

/** Strict unhexlify: Buffer.from(s, 'hex') silently stops at the first bad digit, Python does not. */
function unhex(hex: string, what: string, file?: string): Buffer {
  if (!HEX.test(hex)) {
    const bad = hex.match(/[^0-9a-fA-F]/)![0]
    throw formatError(`${what} contains the non-hexadecimal character ${JSON.stringify(bad)}`, file)
  }
  if (hex.length % 2 !== 0) throw formatError(`${what} has an odd number of hex digits (is the file truncated?)`, file)
  return Buffer.from(hex, 'hex')
}

export interface VaultBody {
  salt: Buffer
  /** The stored HMAC as raw bytes. */
  hmac: Buffer
  ciphertext: Buffer
}

/** The body is hex(hex(salt) \n hex(hmac) \n hex(ciphertext)): undo both layers. */
export function parseBody(body: string, file?: string): VaultBody {
  const inner = unhex(body, 'the vault body', file).toString('latin1')
  const first = inner.indexOf('\n')
  const second = first < 0 ? -1 : inner.indexOf('\n', first + 1)
  if (second < 0) {
    const found = first < 0 ? 1 : 2
    throw formatError(`expected salt, HMAC and ciphertext but found ${found} part${found === 1 ? '' : 's'} (is the file truncated?)`, file)
  }
  const salt = unhex(inner.slice(0, first), 'the salt', file)
  const hmac = unhex(inner.slice(first + 1, second), 'the HMAC', file)
  const ciphertext = unhex(inner.slice(second + 1), 'the ciphertext', file)
  return { salt, hmac, ciphertext }
}

/**
 * Decrypt with one password, or return undefined when the HMAC does not match (a wrong password
 * and modified data look the same). The HMAC is checked in constant time before any decryption.
 */
export function decryptBody(body: VaultBody, password: Uint8Array, file?: string): Buffer | undefined {
  const keys = deriveKeys(password, body.salt)
  const expected = createHmac('sha256', keys.hmacKey).update(body.ciphertext).digest()
  if (body.hmac.length !== expected.length || !timingSafeEqual(body.hmac, expected)) return undefined
  const decipher = createDecipheriv('aes-256-ctr', keys.cipherKey, keys.iv)
  const padded = Buffer.concat([decipher.update(body.ciphertext), decipher.final()])
  return pkcs7Unpad(padded, file)
}

/** Encrypt to the outer hex body (without the envelope). `salt` is for reproducible vectors only. */
export function encryptBody(plaintext: Uint8Array, password: Uint8Array, salt: Uint8Array = randomBytes(SALT_LENGTH)): string {
  if (salt.length === 0) throw new VaultFailureError('format', 'Empty or invalid salt passed to encrypt()')
  const keys = deriveKeys(password, salt)
  const cipher = createCipheriv('aes-256-ctr', keys.cipherKey, keys.iv)
  const ciphertext = Buffer.concat([cipher.update(pkcs7Pad(plaintext)), cipher.final()])
  const hmac = createHmac('sha256', keys.hmacKey).update(ciphertext).digest()
  const inner = [Buffer.from(salt).toString('hex'), hmac.toString('hex'), ciphertext.toString('hex')].join('\n')
  return Buffer.from(inner, 'latin1').toString('hex')
}
