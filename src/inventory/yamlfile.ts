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

/**
 * The yaml package's 1.1 schema is broader than PyYAML's resolvers: it reads `y`/`n` as booleans,
 * `08` as an int and `1e3` as a float, where PyYAML (and so ansible) keeps all three as strings.
 * Those resolvers are replaced by PyYAML's own patterns.
 */
const REPLACED = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:bool',
])
const isReplaced = (t: Tags[number]): boolean => {
  if (typeof t === 'string') return false
  if (REPLACED.has(t.tag)) return true
  const test = 'test' in t && t.test instanceof RegExp ? t.test.source : ''
  if (t.tag === 'tag:yaml.org,2002:int') return test === '^[-+]?[0-9][0-9_]*$'
  if (t.tag === 'tag:yaml.org,2002:float') return !test.includes('[0-5]') && !test.includes('inf')
  return false
}

const pyBool = (value: boolean, test: RegExp) => ({
  identify: (v: unknown) => v === value,
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test,
  resolve: () => value,
})

const PY_TAGS = [
  pyBool(true, /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/),
  pyBool(false, /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/),
  {
    identify: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?(?:0|[1-9][0-9_]*)$/,
    resolve: (s: string) => Number(s.replace(/_/g, '')),
  },
  {
    identify: (v: unknown) => typeof v === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?)$/,
    resolve: (s: string) => Number(s.replace(/_/g, '')),
  },
]

function ansibleTags(tags: Tags): Tags {
  return [
    ...PY_TAGS,
    ...tags.filter((t) => !isReplaced(t)),
    { tag: '!vault', resolve: (s: string): VaultValue => ({ __vault__: s }) },
    { tag: '!unsafe', resolve: (s: string) => s },
  ]
}
