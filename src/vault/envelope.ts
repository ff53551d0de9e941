import { VaultFailureError } from './errors.js'

export const VAULT_HEADER = '$ANSIBLE_VAULT'
/** The id Ansible gives secrets that were not named (C.DEFAULT_VAULT_IDENTITY). */
export const DEFAULT_VAULT_ID = 'default'
const LINE_WIDTH = 80

export interface Envelope {
  version: string
  cipher: string
  /** The header's vault id (format 1.2), or undefined for 1.1. */
  vaultId?: string
  /** The outer hex body with the line breaks removed. */
  body: string
}

/**
 * Ansible's is_encrypted: the data must be pure ASCII and start with the header. Non-ASCII data
 * is never vault data, which keeps binary files (copy src) from being mistaken for it.
 */
export function isVaultedText(data: string | Uint8Array): boolean {
  if (typeof data === 'string') {
    if (!data.startsWith(VAULT_HEADER)) return false
    return /^[\x00-\x7f]*$/.test(data)
  }
  if (data.length < VAULT_HEADER.length) return false
  for (let i = 0; i < VAULT_HEADER.length; i++) if (data[i] !== VAULT_HEADER.charCodeAt(i)) return false
  for (const byte of data) if (byte > 0x7f) return false
  return true
}

/** Split the header off and join the body lines, as Ansible's parse_vaulttext_envelope does. */
export function parseEnvelope(text: string, file?: string): Envelope {
  // Python's splitlines() on bytes breaks on \n, \r\n and \r; lines are joined without stripping.
  const lines = text.split(/\r\n|\r|\n/)
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  const fields = (lines[0] ?? '').trim().split(';')
  if (fields[0]?.trim() !== VAULT_HEADER) {
    throw new VaultFailureError('not-vaulted', `input is not vault encrypted data${file ? `. ${file} is not a vault encrypted file` : ''}`, { file })
  }
  if (fields.length < 3) {
    throw new VaultFailureError('format', `Vault envelope format error${file ? ` in ${file}` : ''}: the header '${lines[0]!.trim()}' needs three ';'-separated fields ($ANSIBLE_VAULT;1.1;AES256)`, { file, line: 1 })
  }
  const vaultId = fields.length >= 4 ? fields[3]!.trim() : undefined
  return { version: fields[1]!.trim(), cipher: fields[2]!.trim(), vaultId, body: lines.slice(1).join('') }
}

/**
 * Header plus the body cut into 80-column lines and a final newline, byte for byte what
 * format_vaulttext_envelope writes: 1.1 without an id (or with 'default'), 1.2;ID otherwise.
 */
export function formatEnvelope(body: string, vaultId?: string, cipher = 'AES256'): string {
  const named = vaultId !== undefined && vaultId !== '' && vaultId !== DEFAULT_VAULT_ID
  const header = named ? `${VAULT_HEADER};1.2;${cipher};${vaultId}` : `${VAULT_HEADER};1.1;${cipher}`
  const lines = [header]
  for (let i = 0; i < body.length; i += LINE_WIDTH) lines.push(body.slice(i, i + LINE_WIDTH))
  lines.push('')
  return lines.join('\n')
}
