/** Shared by the ssh-*.test.ts files: a ConnectionTarget for a harness host. */
import type { ConnectionTarget } from '../../src/connection/types.js'
import type { Harness, HarnessHost } from '../harness/index.js'

export function targetFor(h: Harness, host: HarnessHost, extra: Partial<ConnectionTarget> = {}): ConnectionTarget {
  return { name: host.name, transport: 'ssh', address: host.address, port: host.port, user: h.user, timeoutSeconds: 10, ...extra }
}
