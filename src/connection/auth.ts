/**
 * The order of authentication methods, as OpenSSH's client: `none` (to learn what the server
 * accepts), public keys (agent first unless IdentitiesOnly, then key files), keyboard-interactive
 * answering password prompts, then password. Records what was tried so a refusal can say so.
 */
import type { AuthenticationType, AuthHandlerMiddleware, NextAuthHandler } from 'ssh2'
import type { LoadedIdentity } from './identities.js'

export interface AuthPlan {
  user: string
  /** SSH_AUTH_SOCK, unless IdentitiesOnly. */
  agent?: string
  identities: LoadedIdentity[]
  password?: string
}

type Step = { method: string; label: string; auth: Parameters<NextAuthHandler>[0] }

const PASSWORD_PROMPT = /pass(word|code|phrase)?/i

export class AuthSequence {
  private readonly steps: Step[]
  private readonly tried: string[] = []
  private serverMethods: string[] | undefined
  private current: Step | undefined

  constructor(private readonly plan: AuthPlan) {
    const { user } = plan
    const steps: Step[] = [{ method: 'none', label: 'none', auth: { type: 'none', username: user } }]
    if (plan.agent) steps.push({ method: 'publickey', label: 'publickey (agent)', auth: { type: 'agent', username: user, agent: plan.agent } })
    for (const identity of plan.identities) {
      steps.push({ method: 'publickey', label: `publickey (${identity.file})`, auth: { type: 'publickey', username: user, key: identity.key } })
    }
    const password = plan.password
    if (password !== undefined) {
      let answered = false
      steps.push({
        method: 'keyboard-interactive',
        label: 'keyboard-interactive',
        auth: {
          type: 'keyboard-interactive',
          username: user,
          // The password answers a password prompt once; anything else (a second round, an OTP) gets
          // an empty answer so the server refuses instead of us guessing.
          prompt: (_name, _instructions, _lang, prompts, finish) => {
            finish(prompts.map((p) => {
              if (answered || !PASSWORD_PROMPT.test(p.prompt)) return ''
              answered = true
              return password
            }))
          },
        },
      })
      steps.push({ method: 'password', label: 'password', auth: { type: 'password', username: user, password } })
    }
    this.steps = steps
  }

  /** For ssh2's `authHandler`: the next method the server still accepts, or false when none is left. */
  readonly handler: AuthHandlerMiddleware = (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, next: NextAuthHandler) => {
    if (methodsLeft) this.serverMethods = [...methodsLeft]
    for (;;) {
      const step = this.steps.shift()
      // ssh2 stops on false though its typings omit it.
      if (!step) return next(false as unknown as AuthenticationType)
      if (this.serverMethods && !this.serverMethods.includes(step.method)) continue
      this.current = step
      if (step.method !== 'none') this.tried.push(step.label)
      return next(step.auth)
    }
  }

  /** OpenSSH's "Permission denied (methods)." plus what drover had to offer. */
  describeFailure(address: string): string {
    const accepted = this.serverMethods?.join(',') ?? 'unknown'
    const tried = this.tried.length ? this.tried.join(', ') : 'nothing the server accepts'
    const had = [
      this.plan.agent ? 'agent' : undefined,
      this.plan.identities.length ? `${this.plan.identities.length} key file(s)` : undefined,
      this.plan.password !== undefined ? 'a password' : undefined,
    ].filter(Boolean)
    return (
      `${this.plan.user}@${address}: Permission denied (${accepted}). ` +
      `Tried: ${tried}; the server accepts: ${accepted}` +
      (had.length ? '.' : '; drover had no key, agent or password to offer (use --private-key, ssh-agent, -k or ansible_password).')
    )
  }

  get lastMethod(): string | undefined {
    return this.current?.method
  }
}
