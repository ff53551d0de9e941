import { VaultError, type SourcePosition } from '../errors.js'

/**
 * Why a vault operation failed. All of these are VaultErrors (stable code E_VAULT, exit 1); the
 * reason lets callers and tests tell them apart without matching message text.
 */
export type VaultFailure =
  | 'format' //          malformed or truncated envelope/body
  | 'cipher' //          a cipher other than AES256
  | 'no-secrets' //      nothing to decrypt with
  | 'no-match' //        no secret could decrypt (wrong password, or modified data: the HMAC cannot tell)
  | 'unknown-vault-id' // as no-match, and the header's vault id matches none of the given secrets
  | 'encrypt-id' //      --encrypt-vault-id names no loaded secret
  | 'secret-source' //   a password file, script or prompt could not give a password
  | 'not-vaulted' //     decrypt asked of data that is not vault data
  | 'already-vaulted' // encrypt asked of data that already is
  | 'file-exists' //     create refuses to overwrite
  | 'editor' //          $EDITOR could not be run

/** A VaultError that says which kind of failure it is, and optionally one line of advice. */
export class VaultFailureError extends VaultError {
  readonly reason: VaultFailure
  /** The message without the hint line, in Ansible's wording where Ansible has one. */
  readonly summary: string
  readonly hint?: string

  constructor(reason: VaultFailure, summary: string, where: SourcePosition = {}, hint?: string) {
    super(hint ? `${summary}\n${hint}` : summary, where)
    this.reason = reason
    this.summary = summary
    this.hint = hint
  }

  /** The same failure with text added to the summary (Ansible's CLI appends " for FILE"). */
  withSuffix(suffix: string): VaultFailureError {
    const where = { file: this.file, line: this.line, col: this.col }
    return new VaultFailureError(this.reason, this.summary + suffix, where, this.hint)
  }
}
