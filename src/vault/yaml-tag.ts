import type { ScalarTag } from 'yaml'
import { stringifyString } from 'yaml/util'
import { VaultedValue } from './vaulted-value.js'

/**
 * Tags for the `yaml` package (`parse(src, { customTags: vaultYamlTags(file) })`): `!vault` and
 * Ansible's older spelling `!vault-encrypted` become VaultedValues; stringifying writes them back
 * as `!vault |` literal blocks.
 */
export function vaultYamlTags(file?: string): ScalarTag[] {
  return [vaultTag('!vault', file), vaultTag('!vault-encrypted', file)]
}

function vaultTag(tag: string, file: string | undefined): ScalarTag {
  return {
    tag,
    identify: (value) => value instanceof VaultedValue,
    resolve: (text) => new VaultedValue(text, { file }),
    stringify(item, ctx, onComment, onChompKeep) {
      const value = item.value instanceof VaultedValue ? item.value.ciphertext : String(item.value)
      return stringifyString({ value, type: 'BLOCK_LITERAL' }, ctx, onComment, onChompKeep)
    },
  }
}
