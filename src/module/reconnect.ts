/**
 * Waiting for a host to answer again (reboot, wait_for_connection): each attempt uses the current
 * connection, or a fresh one once it broke, and is bounded so a half-dead connection cannot stall it.
 */
import type { Connection, ExecResult } from '../connection/types.js'
import { ConnectionError } from '../errors.js'
import type { ModuleContext } from './types.js'

export const sleep = (seconds: number): Promise<void> => new Promise((done) => setTimeout(done, Math.max(0, seconds) * 1000))

export class AttemptTimeout extends Error {
  readonly code = 'E_ATTEMPT_TIMEOUT'
  constructor(seconds: number) {
    super(`no answer within ${seconds} seconds`)
  }
}

function within<T>(promise: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AttemptTimeout(seconds)), seconds * 1000)
  })
  promise.catch(() => {})
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

/** The host's connection as attempts see it: kept while it works, replaced after it failed. */
export class HostLink {
  private current: Connection | undefined

  constructor(
    private readonly context: ModuleContext,
    /** Seconds for connecting (and for each command) on a new connection; undefined keeps the host's setting. */
    private readonly connectTimeout: number | undefined,
  ) {
    this.current = context.connection
  }

  /** Forget the connection: the next attempt opens a new one (the old is surely dead after a reboot). */
  drop(): void {
    this.current = undefined
  }

  async exec(command: string, attemptSeconds: number): Promise<ExecResult> {
    try {
      if (!this.current) {
        if (!this.context.reconnect) throw new ConnectionError(this.context.host, 'this module needs the executor to reconnect')
        this.current = await within(this.context.reconnect({ timeoutSeconds: this.connectTimeout }), attemptSeconds + (this.connectTimeout ?? 10))
      }
      return await within(this.current.exec(command), attemptSeconds)
    } catch (error) {
      this.current = undefined
      throw error
    }
  }
}

/** Runs `attempt` until it resolves or `timeoutSeconds` pass; the last error is in the rejection. */
export async function untilSuccess(attempt: () => Promise<void>, timeoutSeconds: number, pause: (failures: number) => number): Promise<{ ok: true } | { ok: false; error: unknown }> {
  const end = Date.now() + timeoutSeconds * 1000
  let failures = 0
  let error: unknown = new Error('no attempt was made')
  while (Date.now() < end) {
    try {
      await attempt()
      return { ok: true }
    } catch (e) {
      error = e
      await sleep(Math.min(pause(failures++), Math.max(0, (end - Date.now()) / 1000)))
    }
  }
  return { ok: false, error }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
