/**
 * OpenSSH announces all its host keys after login (`hostkeys-00@openssh.com`). ssh2 answers by
 * asking the server to sign with every one of them and verifying each signature, only to emit a
 * 'hostkeys' event that drover never listens to: per connection, a signature per host key on the
 * host and as many verifications on the controller. This keeps the acknowledgement ssh2 sends and
 * drops the proof request. It reaches into ssh2 1.x's Protocol; if that shape changes, it does
 * nothing and ssh2 behaves as before.
 *
 * The announcement asks for no reply, but something must go back at once: sshd leaves Nagle on,
 * so what it sends next (the shell channel's confirmation) waits for our ACK of the announcement,
 * and with nothing to send our kernel delays that ACK by ~40 ms. A keepalive request, as ssh2's
 * own keepalive sends it (its reply is matched to a no-op callback, keeping replies in order),
 * carries the ACK.
 */
import type { Client } from 'ssh2'

type GlobalRequestHandler = (protocol: unknown, name: string, wantReply: boolean, data: unknown) => void

interface ProtocolInternals {
  _handlers?: { GLOBAL_REQUEST?: GlobalRequestHandler }
  requestSuccess?: () => void
  ping?: () => void
}

interface ClientInternals {
  _protocol?: ProtocolInternals
  /** The callbacks awaiting replies to global requests, in order. */
  _callbacks?: unknown[]
}

/** Call right after `client.connect()`, which creates the Protocol synchronously. */
export function ignoreHostKeyAnnouncements(client: Client): void {
  const internals = client as unknown as ClientInternals
  const protocol = internals._protocol
  const handlers = protocol?._handlers
  const original = handlers?.GLOBAL_REQUEST
  if (!protocol || !handlers || typeof original !== 'function' || typeof protocol.requestSuccess !== 'function') return
  const callbacks = internals._callbacks
  const acknowledge = Array.isArray(callbacks) && typeof protocol.ping === 'function'
    ? () => {
        callbacks.push(() => {})
        protocol.ping!()
      }
    : () => {}
  handlers.GLOBAL_REQUEST = (self, name, wantReply, data) => {
    if (name !== 'hostkeys-00@openssh.com') return original(self, name, wantReply, data)
    if (wantReply) protocol.requestSuccess!()
    else acknowledge()
  }
}
