import { parse, YAMLParseError, type Tags } from 'yaml'
import { ParseError, VaultError } from '../errors.js'

export type Decrypt = (text: string, file: string) => string

/** What a `!vault` scalar becomes until the vault layer decrypts it. */
export interface VaultValue {
  __vault__: string
}

const VAULT_HEADER = '$ANSIBLE_VAULT;'

/**
 * YAML as ansible reads inventory and vars files: YAML 1.1 (PyYAML), so `yes`/`no` are booleans
 * and `0755` is octal; duplicate keys keep the last value; `!vault` scalars are kept as
 * `{ __vault__: ciphertext }`; `!unsafe` scalars are kept as plain strings. Timestamps stay
 * strings (PyYAML would give date objects, which nothing downstream of drover understands).
 * A whole file encrypted with vault goes through `decrypt` first.
 */
export function loadYamlText(text: string, file: string, decrypt?: Decrypt): unknown {
  if (text.startsWith(VAULT_HEADER)) {
    if (!decrypt) throw new VaultError('Attempting to decrypt but no vault secrets found', { file })
    text = decrypt(text, file)
  }
  try {
    return parse(text, { version: '1.1', uniqueKeys: false, customTags: ansibleTags, prettyErrors: false })
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0]
      throw new ParseError(`Syntax Error while loading YAML. ${e.message.split('\n')[0]}`, {
        file,
        line: pos?.line,
        col: pos?.col,
      })
    }
    throw e
  }
}

function ansibleTags(tags: Tags): Tags {
  return [
    ...tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
    { tag: '!vault', resolve: (s: string): VaultValue => ({ __vault__: s }) },
    { tag: '!unsafe', resolve: (s: string) => s },
  ]
}
