import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

/** One attempt: true if the peer greets with an SSH identification string. */
function greets(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port })
    let seen = ''
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(2000, () => done(false))
    socket.on('data', (chunk) => {
      seen += chunk.toString('latin1')
      if (seen.includes('\n')) done(seen.startsWith('SSH-'))
    })
    socket.on('error', () => done(false))
    socket.on('close', () => done(false))
  })
}

/**
 * Polls until `address:port` sends an SSH banner. A listening socket alone is not enough: sshd
 * binds before it has finished loading keys, and only the banner proves it will serve a login.
 * Gives up when `gaveUp()` says so (the sshd exited) or after `timeoutMs`.
 */
export async function waitForBanner(
  address: string,
  port: number,
  gaveUp: () => boolean,
  timeoutMs = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  let pause = 5
  while (Date.now() < deadline && !gaveUp()) {
    if (await greets(address, port)) return true
    await sleep(pause)
    pause = Math.min(pause * 2, 50)
  }
  return false
}
