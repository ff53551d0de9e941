/** Failures talking to a network device: each fails the task on that device only (the run goes on). */
import { DroverError } from '../errors.js'

export class NetworkOsError extends DroverError {
  constructor(message: string) {
    super('E_NETWORK_OS', message)
  }
}

/** The device did not show its prompt in time: the session is dropped, the next task opens a fresh one. */
export class CliTimeoutError extends DroverError {
  constructor(seconds: number, command: string | undefined, lastOutput: string) {
    const what = command === undefined ? 'the first prompt' : `the prompt after '${command}'`
    super('E_CLI_TIMEOUT', `timeout after ${seconds}s waiting for ${what}; last output: '${lastOutput.slice(-200).trimEnd()}'`)
  }
}

/** The device answered a command with one of its platform's error markers. */
export class CliCommandError extends DroverError {
  constructor(
    readonly command: string,
    readonly output: string,
  ) {
    super('E_CLI_COMMAND', `${errorLines(output)} (command: '${command}')`)
  }
}

export class EnableError extends DroverError {
  constructor(reason: string) {
    super('E_ENABLE', `enable failed: ${reason}`)
  }
}

/** A module that needs a POSIX shell was sent to a network device, or the other way round. */
export class TransportMismatchError extends DroverError {
  constructor(message: string) {
    super('E_TRANSPORT', message)
  }
}

/** The lines that say what went wrong (`% Invalid input detected at '^' marker.`), without the caret line. */
function errorLines(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^\^$/.test(l))
  const marked = lines.filter((l) => l.startsWith('%'))
  return (marked.length ? marked : lines).join(' ') || 'the device reported an error'
}
