/** One loaded vault password and the vault id (label) it answers to; 'default' when unnamed. */
export interface VaultSecret {
  readonly id: string
  readonly bytes: Buffer
}

/** A secret from a password given in memory (tests, the `vault` filter, callers with their own source). */
export function secretFromPassword(password: string | Uint8Array, id = 'default'): VaultSecret {
  return { id, bytes: Buffer.from(password) }
}
