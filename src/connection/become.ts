/**
 * Privilege escalation for a persistent shell: the shell itself is started through sudo or su, the
 * password (if asked for) is written once to its stdin, and a random ready line on stdout says the
 * escalated shell is running. Frames then go to that shell as to any other.
 */
import { randomBytes } from 'node:crypto'
import { DroverError } from '../errors.js'
import { quote } from '../module/shell.js'
import type { ShellStreams } from './shell-session.js'
import type { BecomeOptions } from './types.js'

/** Shells are shared by commands whose escalation is the same; the password is not part of it. */
export function becomeKey(become: BecomeOptions): string {
  return JSON.stringify([become.method, become.user, become.flags ?? null, become.exe ?? null])
}

export interface BecomeLaunch {
  /** The command line that starts the escalated shell; it never contains the password. */
  command: string
  ready: string
  /** Recognises the method's password prompt at the end of what it wrote to stderr. */
  isPrompt(stderrText: string): boolean
}

/** Ansible's default become_flags per method. */
// enable never gets here: the executor refuses it for shell transports (network_cli handles it).
const DEFAULT_FLAGS: Record<BecomeOptions['method'], string> = { sudo: '-H -S -n', su: '', enable: '' }
/** su's prompt is PAM's and localised; these are the common forms (Ansible keeps a longer list). */
const SU_PROMPT = /(password|passwort|contraseña|mot de passe|senha|пароль|密码|パスワード)\s*[:：]\s*$/i

export function becomeLaunch(become: BecomeOptions): BecomeLaunch {
  const nonce = randomBytes(12).toString('hex')
  const ready = `DROVER-BECOME-SUCCESS-${nonce}`
  const shell = `/bin/sh -c ${quote(`echo ${ready}; exec /bin/sh`)}`
  const flags = become.flags ?? DEFAULT_FLAGS[become.method]
  if (become.method === 'sudo') {
    const prompt = `[drover become ${nonce}] password:`
    // As Ansible: with a password, -n ("never prompt") would only make sudo fail, so it goes.
    const effective = become.password === undefined ? flags : flags.replace(/(^|\s)-n(?=\s|$)/g, ' ').trim()
    const parts = [become.exe ?? 'sudo', effective, become.password === undefined ? '' : `-p ${quote(prompt)}`, `-u ${quote(become.user)}`, shell]
    return { command: `exec ${parts.filter(Boolean).join(' ')}`, ready, isPrompt: (text) => text.endsWith(prompt) }
  }
  const parts = [become.exe ?? 'su', flags, quote(become.user), '-c', quote(shell)]
  return { command: `exec ${parts.filter(Boolean).join(' ')}`, ready, isPrompt: (text) => SU_PROMPT.test(text) }
}

export class BecomeError extends DroverError {
  constructor(message: string) {
    super('E_BECOME', message)
  }
}

/**
 * Completes the escalation on freshly opened streams running `launch.command`. Resolves once the
 * escalated shell is ready; rejects with BecomeError (and closes the streams) on a missing or
 * wrong password, a refusal, or no answer within `timeoutMs` — never waits forever.
 */
export function completeEscalation(streams: ShellStreams, become: BecomeOptions, launch: BecomeLaunch, timeoutMs: number): Promise<ShellStreams> {
  const name = become.exe ?? become.method
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    let answered = false
    let settled = false
    const finish = (error?: BecomeError): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      streams.stdout.removeListener('data', onStdout)
      streams.stderr.removeListener('data', onStderr)
      if (error) {
        streams.close()
        reject(error)
      } else {
        resolve(streams)
      }
    }
    const timer = setTimeout(() => {
      finish(new BecomeError(`Timeout (${Math.round(timeoutMs / 1000)}s) waiting for privilege escalation with ${name}${stderr.trim() ? `: ${lastLine(stderr)}` : ''}`))
    }, timeoutMs)
    const onStdout = (chunk: Buffer): void => {
      stdout += chunk.toString('latin1')
      if (stdout.includes(`${launch.ready}\n`)) finish()
    }
    const onStderr = (chunk: Buffer): void => {
      stderr += chunk.toString('utf8')
      if (!launch.isPrompt(stderr)) return
      if (become.password === undefined) return finish(new BecomeError(`Missing ${name} password`))
      // A second prompt means the first answer was refused: stop rather than lock the account.
      if (answered) return finish(new BecomeError(`Incorrect ${name} password`))
      answered = true
      stderr = ''
      streams.write(`${become.password}\n`)
    }
    streams.stdout.on('data', onStdout)
    streams.stderr.on('data', onStderr)
    streams.onClose(() => finish(new BecomeError(describeRefusal(name, stderr, answered))))
  })
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? ''
}

function describeRefusal(name: string, stderr: string, answered: boolean): string {
  if (/a password is required|a terminal is required/i.test(stderr)) return `Missing ${name} password`
  if (answered && /incorrect password|authentication failure|Sorry, try again/i.test(stderr)) return `Incorrect ${name} password`
  return `privilege escalation with ${name} failed: ${lastLine(stderr) || 'the escalated shell exited'}`
}
