/**
 * A TCP connection to a hop opened before the client is ready to use it. An sshd forks and starts
 * its per-connection process when it accepts, before the client says a word: ~40 ms of the host's
 * CPU each. Dialled first, that work runs while the controller still loads ssh2 and the keys (the
 * first connection of a run waits ~70 ms for them), on a core the controller is not using.
 */
import { connect, type Socket } from 'node:net'

export interface EarlyDial {
  /** The socket if it is still connecting or connected; undefined if it failed or closed. */
  take(): Socket | undefined
  /** Closes a socket that nobody took. */
  discard(): void
}

export function dialEarly(address: string, port: number): EarlyDial {
  const socket = connect({ host: address, port })
  // Read what sshd sends (its banner) as it comes, to be handed over with the socket: a socket left
  // unread would not notice that the host closed it, and the client would fail on it instead of
  // dialling again.
  const received: Buffer[] = []
  const receive = (chunk: Buffer): void => void received.push(chunk)
  socket.on('data', receive)
  let usable = true
  // A refused or reset dial is not reported here: take() then returns nothing and the client dials
  // again itself, so every connection error reads exactly as without the early dial.
  const unusable = (): void => {
    usable = false
  }
  socket.on('error', unusable)
  socket.once('end', unusable)
  socket.once('close', unusable)
  let taken = false
  return {
    take() {
      if (taken) return undefined
      taken = true
      if (!usable || socket.destroyed) {
        socket.destroy()
        return undefined
      }
      // Paused before our reader goes, so nothing arrives unread; the client resumes it.
      socket.pause()
      socket.removeListener('data', receive)
      socket.removeListener('end', unusable)
      socket.removeListener('close', unusable)
      if (received.length) socket.unshift(Buffer.concat(received))
      // Our error listener stays (ssh2 adds its own at once); no listener limit, as on ssh2's own sockets.
      socket.setMaxListeners(0)
      return socket
    },
    discard() {
      if (taken) return
      taken = true
      socket.destroy()
    },
  }
}
