import { decryptBody, encryptBody, parseBody } from './aes256.js'
import { formatEnvelope, isVaultedText, parseEnvelope } from './envelope.js'
import { VaultFailureError } from './errors.js'
import type { VaultSecret } from './secret.js'

export interface DecryptOptions {
  /** Named in error messages and positions. */
  file?: string
  /** Ansible's vault_id_match: only try secrets whose id matches the header's. */
  idMatch?: boolean
}

export interface Decrypted {
  plaintext: Buffer
  /** The id of the secret that worked. */
  vaultId: string
  secret: VaultSecret
  /** The vault id written in the header (1.2), if any. */
  headerVaultId?: string
}

/**
 * Ansible's VaultLib.decrypt_and_get_vault_id: the secrets whose id matches the header's vault id
 * are tried first, then (unless idMatch) every other secret in the order given.
 */
export function decryptVault(text: string | Uint8Array, secrets: readonly VaultSecret[], opts: DecryptOptions = {}): Decrypted {
  const { file } = opts
  if (!isVaultedText(text)) {
    throw new VaultFailureError('not-vaulted', `input is not vault encrypted data. ${file ? `${file} is not a vault encrypted file` : ''}`.trimEnd(), { file })
  }
  const envelope = parseEnvelope(typeof text === 'string' ? text : Buffer.from(text).toString('latin1'), file)
  if (envelope.cipher !== 'AES256') {
    throw new VaultFailureError('cipher', `${envelope.cipher} cipher could not be found`, { file, line: 1 })
  }
  if (secrets.length === 0) {
    throw new VaultFailureError('no-secrets', 'Attempting to decrypt but no vault secrets found', { file },
      'give a password with --vault-password-file, --vault-id or --ask-vault-pass')
  }
  const body = parseBody(envelope.body, file)
  const headerId = envelope.vaultId
  const matching = headerId === undefined ? [] : secrets.filter((s) => s.id === headerId)
  const others = opts.idMatch ? [] : secrets.filter((s) => s.id !== headerId)
  for (const secret of [...matching, ...others]) {
    const plaintext = decryptBody(body, secret.bytes, file)
    if (plaintext !== undefined) {
      return { plaintext, vaultId: secret.id, secret, headerVaultId: headerId }
    }
  }
  const summary = `Decryption failed (no vault secrets were found that could decrypt)${file ? ` on ${file}` : ''}`
  if (headerId !== undefined && matching.length === 0) {
    const known = [...new Set(secrets.map((s) => s.id))].join(', ')
    return fail('unknown-vault-id', summary, file, `The data is encrypted for vault id '${headerId}', and no secret was given for it (given: ${known}).`)
  }
  return fail('no-match', summary, file)
}

function fail(reason: 'no-match' | 'unknown-vault-id', summary: string, file: string | undefined, hint?: string): never {
  throw new VaultFailureError(reason, summary, { file }, hint)
}

/** Decrypt a whole vaulted file's text to UTF-8 text (vars files, group_vars, -e @file). */
export function decryptText(text: string | Uint8Array, secrets: readonly VaultSecret[], file?: string, opts: Omit<DecryptOptions, 'file'> = {}): string {
  return decryptVault(text, secrets, { ...opts, file }).plaintext.toString('utf8')
}

export interface EncryptOptions {
  /** Written into a 1.2 header unless it is 'default'. Defaults to the secret's id. */
  vaultId?: string
  /** Fixed salt, for reproducible test vectors only. */
  salt?: Uint8Array
}

/** Encrypt to a complete envelope, ending with a newline, as ansible-vault writes it. */
export function encryptText(plaintext: string | Uint8Array, secret: VaultSecret, opts: EncryptOptions = {}): string {
  const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext
  if (isVaultedText(bytes)) throw new VaultFailureError('already-vaulted', 'input is already encrypted')
  return formatEnvelope(encryptBody(bytes, secret.bytes, opts.salt), opts.vaultId ?? secret.id)
}
