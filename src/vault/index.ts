/** Ansible Vault compatibility: the public surface for the rest of drover. */
export { VaultFailureError, type VaultFailure } from './errors.js'
export { DEFAULT_VAULT_ID, VAULT_HEADER, formatEnvelope, isVaultedText, parseEnvelope, type Envelope } from './envelope.js'
export { decryptBody, encryptBody, parseBody, type VaultBody } from './aes256.js'
export { secretFromPassword, type VaultSecret } from './secret.js'
export { decryptText, decryptVault, encryptText, type DecryptOptions, type Decrypted, type EncryptOptions } from './vault-text.js'
export {
  isClientScript, loadVaultSecrets, readSecretSource, splitVaultId, vaultDefaultsFromEnv,
  type SecretSourceOptions, type VaultDefaults,
} from './secret-sources.js'
export { VaultedValue, isVaultedValue, type RevealOptions } from './vaulted-value.js'
export { vaultYamlTags } from './yaml-tag.js'
export { REDACTED, SecretRegistry, type SecretRegistryOptions } from './secret-registry.js'
export { existingMode, withPrivateTempFile, writeFileAtomic } from './files.js'
export { editorCommand, runEditor, shellSplit } from './editor.js'
export {
  createVaultFile, decryptFiles, editVaultFile, encryptFiles, formatVaultString, rekeyFiles, viewFiles,
  type EditFile, type VaultStreams,
} from './operations.js'
