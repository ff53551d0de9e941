/**
 * authorized_keys editing as ansible.posix.authorized_key does it, as pure text functions: keys are
 * identified by their base64 blob; options and comment are compared; when anything is written the
 * whole file is re-serialised (Ansible's serialize: `options type blob comment`, so a key without a
 * comment gets a trailing space), lines that are not keys kept as they were, in their order.
 */
const KEY_TYPES = new Set([
  'sk-ecdsa-sha2-nistp256@openssh.com', 'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com', 'webauthn-sk-ecdsa-sha2-nistp256@openssh.com',
  'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp256-cert-v01@openssh.com', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp384-cert-v01@openssh.com',
  'ecdsa-sha2-nistp521', 'ecdsa-sha2-nistp521-cert-v01@openssh.com', 'sk-ssh-ed25519@openssh.com', 'sk-ssh-ed25519-cert-v01@openssh.com',
  'ssh-ed25519', 'ssh-ed25519-cert-v01@openssh.com', 'ssh-dss', 'ssh-rsa', 'ssh-xmss@openssh.com', 'ssh-xmss-cert-v01@openssh.com',
  'rsa-sha2-256', 'rsa-sha2-512', 'ssh-rsa-cert-v01@openssh.com', 'rsa-sha2-256-cert-v01@openssh.com', 'rsa-sha2-512-cert-v01@openssh.com',
  'ssh-dss-cert-v01@openssh.com',
])

/** Options in order; a name may repeat (Ansible's keydict). */
export type KeyOptions = [string, string | null][]

export interface AuthorizedKey {
  /** The base64 blob: a key's identity. For a line that is not a key, the line itself. */
  id: string
  /** undefined for a line kept verbatim (comment, blank, unparsable). */
  type?: string
  options: KeyOptions
  comment: string
  rank: number
}

export function parseOptions(text: string | undefined): KeyOptions {
  if (!text) return []
  const out: KeyOptions = []
  for (const [part] of text.matchAll(/(?:[^,"']|"[^"]*"|'[^']*')+/g)) {
    const eq = part.indexOf('=')
    out.push(eq >= 0 ? [part.slice(0, eq), part.slice(eq + 1)] : [part, null])
  }
  return out
}

/** parsekey: undefined when the line holds no known key type. */
export function parseKey(raw: string, rank: number): AuthorizedKey | 'comment' | undefined {
  const line = raw.replace(/\\#/g, '#')
  const parts = line.split(/\s+/).filter((p) => p !== '')
  if (parts[0] === '#') return 'comment'
  const typeIndex = parts.findIndex((p) => KEY_TYPES.has(p))
  if (typeIndex < 0 || parts[typeIndex + 1] === undefined) return undefined
  return {
    id: parts[typeIndex + 1]!,
    type: parts[typeIndex],
    options: parseOptions(typeIndex > 0 ? parts.slice(0, typeIndex).join(' ') : undefined),
    comment: parts.slice(typeIndex + 2).join(' '),
    rank,
  }
}

/** parsekeys: the file as a map from id to entry (insertion order kept, later duplicates win). */
export function parseKeysFile(content: string): Map<string, AuthorizedKey> {
  const keys = new Map<string, AuthorizedKey>()
  const lines = content.match(/[^\n]*\n|[^\n]+$/g) ?? []
  lines.forEach((line, rank) => {
    const key = parseKey(line, rank)
    if (key && key !== 'comment') keys.set(key.id, key)
    else keys.set(line, { id: line, options: [], comment: '', rank })
  })
  return keys
}

function sameOptions(a: KeyOptions, b: KeyOptions): boolean {
  const group = (o: KeyOptions) => {
    const m = new Map<string, (string | null)[]>()
    for (const [k, v] of o) m.set(k, [...(m.get(k) ?? []), v])
    return m
  }
  const ga = group(a)
  const gb = group(b)
  return ga.size === gb.size && [...ga].every(([k, v]) => JSON.stringify(gb.get(k)) === JSON.stringify(v))
}

export function serializeKeys(keys: Map<string, AuthorizedKey>): string {
  return [...keys.values()]
    .sort((a, b) => a.rank - b.rank)
    .map((k) => {
      if (k.type === undefined) return k.id
      const options = k.options.length > 0 ? `${k.options.map(([n, v]) => (v === null ? n : `${n}=${v}`)).join(',')} ` : ''
      return `${options}${k.type} ${k.id} ${k.comment}\n`
    })
    .join('')
}

export interface EnforceSpec {
  key: string
  state: 'present' | 'absent'
  keyOptions?: string
  exclusive: boolean
  comment?: string
}

/** enforce_state: the new file content, or undefined when nothing changes; a message for an invalid key. */
export function enforceKeys(existing: string, spec: EnforceSpec): { content?: string } | { invalid: string } {
  const wanted = spec.key.split(/\r\n|\r|\n/).filter((s) => s && !s.startsWith('#'))
  const keys = parseKeysFile(existing)
  const keep = new Set<string>()
  const maxRank = keys.size
  let write = false
  for (const [rank, line] of wanted.entries()) {
    const parsed = parseKey(line, rank)
    if (!parsed || parsed === 'comment') return { invalid: `invalid key specified: ${line}` }
    const key: AuthorizedKey = {
      ...parsed,
      ...(spec.keyOptions !== undefined ? { options: parseOptions(spec.keyOptions) } : {}),
      ...(spec.comment !== undefined ? { comment: spec.comment } : {}),
    }
    const current = keys.get(key.id)
    let matched = false
    if (current) {
      const same = current.type === key.type && sameOptions(current.options, key.options) && current.comment === key.comment
      if (!same && spec.state === 'present') {
        keys.delete(key.id)
        write = true
      } else matched = true
    }
    if (spec.state === 'present') {
      keep.add(key.id)
      if (!matched) {
        keys.set(key.id, { ...key, rank: maxRank + key.rank })
        write = true
      }
    } else if (matched) {
      keys.delete(key.id)
      write = true
    }
  }
  if (spec.state === 'present' && spec.exclusive) {
    for (const id of [...keys.keys()]) {
      if (!keep.has(id)) {
        keys.delete(id)
        write = true
      }
    }
  }
  return write ? { content: serializeKeys(keys) } : {}
}
