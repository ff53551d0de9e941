/** Decides, as OpenSSH's StrictHostKeyChecking does, whether a presented host key is acceptable. */
import type { HostKeyChecking } from '../config/settings.js'
import { fingerprint, keyTypeOf, knownHostsName, loadKnownHosts, recordHostKey, verifyHostKey, type KnownHostEntry } from './known-hosts.js'

export interface HostKeyPolicy {
  checking: HostKeyChecking
  /** known_hosts files to read; the first is where `accept-new` records keys. */
  files: string[]
}

export type HostKeyDecision = { accept: true } | { accept: false; reason: string }

export class HostKeyChecker {
  private entries: KnownHostEntry[] | undefined

  constructor(private readonly policy: HostKeyPolicy) {}

  check(hostLabel: string, address: string, port: number, blob: Buffer): HostKeyDecision {
    if (this.policy.checking === 'off') return { accept: true }
    this.entries ??= loadKnownHosts(this.policy.files)
    const name = knownHostsName(address, port)
    const verdict = verifyHostKey(this.entries, name, blob)
    if (verdict.status === 'match') return { accept: true }
    const type = keyTypeOf(blob)
    const print = fingerprint(blob)
    switch (verdict.status) {
      case 'revoked':
        return { accept: false, reason: `Host key for ${hostLabel} (${name}) is marked as revoked: ${type} ${print} in ${verdict.entry.file}:${verdict.entry.line}` }
      case 'changed':
        return {
          accept: false,
          reason:
            `REMOTE HOST IDENTIFICATION HAS CHANGED for ${hostLabel} (${name}): it offered the ${type} key ${print}, ` +
            `which differs from the one recorded in ${verdict.entry.file}:${verdict.entry.line}. ` +
            `Host key verification failed.`,
        }
      case 'unknown': {
        const file = this.policy.files[0]
        if (this.policy.checking === 'accept-new' && file) {
          recordHostKey(file, name, blob)
          this.entries = undefined
          return { accept: true }
        }
        return {
          accept: false,
          reason:
            `No ${type} host key is known for ${hostLabel} (${name}) in ${this.policy.files.join(', ') || 'any known_hosts file'}; ` +
            `it offered ${print}. Host key verification failed. ` +
            `(Add the key to known_hosts, or set host_key_checking = accept-new / False to opt out.)`,
        }
      }
    }
  }
}
