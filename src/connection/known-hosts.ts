/**
 * OpenSSH known_hosts files: plain and hashed (`|1|salt|hmac`) host patterns, `[host]:port`
 * entries, negations, wildcards and the `@revoked` / `@cert-authority` markers.
 */
import { createHash, createHmac } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface KnownHostEntry {
  marker?: 'revoked' | 'cert-authority'
  patterns: string
  keyType: string
  key: Buffer
  file: string
  line: number
}

export type HostKeyVerdict =
  | { status: 'match'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry }
  | { status: 'changed'; entry: KnownHostEntry }
  | { status: 'unknown' }

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`
}

export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown'
  const length = blob.readUInt32BE(0)
  return blob.subarray(4, 4 + length).toString('latin1')
}

/** `SHA256:…` as `ssh-keygen -l` prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = []
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim()
    if (!line || line.startsWith('#')) return
    const fields = line.split(/\s+/)
    let marker: KnownHostEntry['marker']
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields.shift()!.slice(1) as KnownHostEntry['marker']
    }
    const [patterns, keyType, keyBase64] = fields
    if (!patterns || !keyType || !keyBase64) return // OpenSSH skips malformed lines too
    entries.push({ marker, patterns, keyType, key: Buffer.from(keyBase64, 'base64'), file, line: index + 1 })
  })
  return entries
}

/**
 * Compiled host patterns, shared by every connection of the run: each handshake checks the whole
 * known_hosts file, so without it a run compiled hosts × entries regexes. The regexes carry no
 * state (no `g` flag), and the patterns come from the known_hosts files, so the map stays small.
 */
const compiledPatterns = new Map<string, RegExp>()

function globToRegExp(pattern: string): RegExp {
  let compiled = compiledPatterns.get(pattern)
  if (!compiled) {
    compiled = compileGlob(pattern)
    compiledPatterns.set(pattern, compiled)
  }
  return compiled
}

function compileGlob(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${body}$`, 'i')
}

function hashedMatches(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|')
  if (magic !== '1' || !salt || !hash) return false
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash
}

/** True when the comma-separated pattern list matches `name` and no negated pattern excludes it. */
export function patternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|')) return hashedMatches(patterns, name)
  let matched = false
  for (const pattern of patterns.split(',')) {
    if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(name)) return false
    } else if (globToRegExp(pattern).test(name)) {
      matched = true
    }
  }
  return matched
}

export function loadKnownHosts(files: string[]): KnownHostEntry[] {
  return files.filter((f) => existsSync(f)).flatMap((f) => parseKnownHosts(readFileSync(f, 'utf8'), f))
}

export function verifyHostKey(entries: KnownHostEntry[], name: string, blob: Buffer): HostKeyVerdict {
  const forHost = entries.filter((e) => patternsMatch(e.patterns, name))
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(blob))
  if (revoked) return { status: 'revoked', entry: revoked }
  const plain = forHost.filter((e) => e.marker === undefined)
  const exact = plain.find((e) => e.key.equals(blob))
  if (exact) return { status: 'match', entry: exact }
  const type = keyTypeOf(blob)
  const changed = plain.find((e) => e.keyType === type)
  if (changed) return { status: 'changed', entry: changed }
  return { status: 'unknown' }
}

export function recordHostKey(file: string, name: string, blob: Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  // One small O_APPEND write per key, so hosts recording at once never interleave their lines.
  appendFileSync(file, `${name} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 })
}
