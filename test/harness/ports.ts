import { createServer } from 'node:net'

/**
 * A port nothing listens on at `address`, found by letting the kernel pick one and closing it.
 * Another process could take it before we use it; startSshds retries on a bind failure for that.
 */
export function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen({ host: address, port: 0, exclusive: true }, () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
