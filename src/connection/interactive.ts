/**
 * A command in a pseudo-terminal on an ssh2 client, for conversations (the expect module): the
 * terminal merges stdout and stderr as a person would see them, and its echo is set by the caller
 * so typed answers stay out of the output unless asked for.
 */
import type { Client } from 'ssh2'
import { ConnectionError } from '../errors.js'
import type { InteractiveChannel, InteractiveOptions } from './types.js'

// Wide enough that the program does not wrap long prompts; `dumb` keeps escape sequences out of the output.
const PTY = { term: 'dumb', cols: 512, rows: 24 }

export function openInteractive(client: Client, host: string, command: string, options: InteractiveOptions): Promise<InteractiveChannel> {
  return new Promise((resolve, reject) => {
    client.exec(command, { pty: { ...PTY, modes: { ECHO: options.echo ? 1 : 0 } } }, (error, channel) => {
      if (error) return reject(new ConnectionError(host, `Failed to open a session on the host: ${error.message}`, 'E_CONNECTION', { cause: error }))
      let status: number | null = null
      const exited = new Promise<number | null>((done) => {
        channel.on('exit', (code: number | null) => {
          status = code
        })
        channel.on('close', () => done(status))
      })
      resolve({
        onData: (listener) => {
          channel.on('data', listener)
          channel.stderr.on('data', listener)
        },
        write: (text) => void channel.write(text),
        exited,
        close: () => {
          channel.signal('HUP')
          channel.close()
        },
      })
    })
  })
}
