import type { SourcePosition } from '../errors.js'
import type { VaultSecret } from './secret.js'
import type { SecretRegistry } from './secret-registry.js'
import { decryptVault } from './vault-text.js'

export interface RevealOptions {
  /** The revealed plaintext is registered here so reporters can redact it. */
  registry?: SecretRegistry
  /** Ansible's vault_id_match. */
  idMatch?: boolean
}

/**
 * An inline `!vault |` value. It holds only the envelope text; the plaintext exists once someone
 * asks for it with the secrets (Ansible decrypts lazily too, so an unused value needs no password).
 */
export class VaultedValue {
  readonly ciphertext: string
  readonly source: SourcePosition
  #plaintext: string | undefined

  constructor(ciphertext: string, source: SourcePosition = {}) {
    this.ciphertext = ciphertext
    this.source = source
  }

  /** The same value with its position in the source (the loader knows lines; the tag does not). */
  at(source: SourcePosition): VaultedValue {
    return new VaultedValue(this.ciphertext, source)
  }

  reveal(secrets: readonly VaultSecret[], opts: RevealOptions = {}): string {
    if (this.#plaintext === undefined) {
      const where = this.source.line !== undefined ? `${this.source.file ?? ''}:${this.source.line}` : this.source.file
      const { plaintext } = decryptVault(this.ciphertext, secrets, { file: where, idMatch: opts.idMatch })
      this.#plaintext = plaintext.toString('utf8')
    }
    opts.registry?.add(this.#plaintext)
    return this.#plaintext
  }

  /** Ansible's JSON encoder writes vaulted values this way when it does not decrypt them. */
  toJSON(): { __ansible_vault: string } {
    return { __ansible_vault: this.ciphertext }
  }

  /** Never the plaintext: a value that slips into a string by accident shows that it is vaulted. */
  toString(): string {
    return '<vaulted value>'
  }
}

export function isVaultedValue(value: unknown): value is VaultedValue {
  return value instanceof VaultedValue
}
