/**
 * OpenSSH announces all its host keys after login (`hostkeys-00@openssh.com`). ssh2 answers by
 * asking the server to sign with every one of them and verifying each signature, only to emit a
 * 'hostkeys' event that drover never listens to: per connection, a signature per host key on the
 * host and as many verifications on the controller. This keeps the acknowledgement ssh2 sends and
 * drops the proof request. It reaches into ssh2 1.x's Protocol; if that shape changes, it does
 * nothing and ssh2 behaves as before.
 */
import type { Client } from 'ssh2'

type GlobalRequestHandler = (protocol: unknown, name: string, wantReply: boolean, data: unknown) => void

interface ProtocolInternals {
  _handlers?: { GLOBAL_REQUEST?: GlobalRequestHandler }
  requestSuccess?: () => void
}

/** Call right after `client.connect()`, which creates the Protocol synchronously. */
export function ignoreHostKeyAnnouncements(client: Client): void {
  const protocol = (client as unknown as { _protocol?: ProtocolInternals })._protocol
  const handlers = protocol?._handlers
  const original = handlers?.GLOBAL_REQUEST
  if (!protocol || !handlers || typeof original !== 'function' || typeof protocol.requestSuccess !== 'function') return
  handlers.GLOBAL_REQUEST = (self, name, wantReply, data) => {
    if (name !== 'hostkeys-00@openssh.com') return original(self, name, wantReply, data)
    if (wantReply) protocol.requestSuccess!()
  }
}
