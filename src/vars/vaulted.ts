/**
 * Inline `!vault` values become plaintext when a run reads them (Ansible decrypts lazily too: an
 * unused value needs no password). Every plaintext revealed is registered for redaction.
 */
import { isVaultedValue, VaultedValue, type SecretRegistry, type VaultSecret } from '../vault/index.js'

/** The inventory keeps `!vault` values as `{ __vault__: ciphertext }`. */
function inventoryVaulted(value: unknown): value is { __vault__: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { __vault__?: unknown }).__vault__ === 'string' && Object.keys(value).length === 1
}

export class VaultRevealer {
  private readonly cache = new Map<string, string>()

  constructor(
    private readonly secrets: readonly VaultSecret[],
    private readonly registry: SecretRegistry,
  ) {}

  private revealOne(value: VaultedValue): string {
    const known = this.cache.get(value.ciphertext)
    if (known !== undefined) return known
    const plaintext = value.reveal(this.secrets, { registry: this.registry })
    this.cache.set(value.ciphertext, plaintext)
    return plaintext
  }

  /** The value with every vaulted leaf decrypted; untouched (same object) when there is none. */
  reveal<T>(value: T): T {
    if (isVaultedValue(value)) return this.revealOne(value) as T
    if (inventoryVaulted(value)) return this.revealOne(new VaultedValue(value.__vault__)) as T
    if (Array.isArray(value)) {
      const out = value.map((v) => this.reveal(v))
      return (out.some((v, i) => v !== value[i]) ? out : value) as T
    }
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      let changed = false
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) {
        out[k] = this.reveal(v)
        if (out[k] !== v) changed = true
      }
      return (changed ? out : value) as T
    }
    return value
  }
}

const PASSWORD_VARS = ['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password', 'ansible_become_password', 'ansible_become_pass', 'ansible_sudo_pass', 'ansible_su_pass']

/** Connection and become passwords given as variables are secrets too, wherever they came from. */
export function registerPasswordVars(vars: Record<string, unknown>, registry: SecretRegistry): void {
  for (const name of PASSWORD_VARS) {
    const value = vars[name]
    if (typeof value === 'string' && value !== '') registry.add(value)
  }
}
