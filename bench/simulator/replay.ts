/**
 * Record and replay of host replies. Every simulated host runs the same playbook, so it sends the
 * same commands in the same order. The first host to reach step k runs that command in a real
 * `sh` on this machine (in the simulator's root directory) and its reply is recorded; every other
 * host that sends the same text at step k gets that reply. So each host answers exactly as a real
 * host in the leader's state would, while the machine forks one shell per step instead of one per
 * host-step. A host whose command differs at a step runs it for real, unrecorded, and is counted.
 */
import { spawn } from 'node:child_process'
import { RANDOM_TEMP_SUFFIX } from '../../src/module/steps.js'
import type { Frame } from './frames.js'

export interface Reply {
  stdout: Buffer
  stderr: Buffer
  rc: number
}

export interface ReplayCounts {
  executed: number
  replayed: number
  diverged: number
}

/** Runs one frame body as the persistent shell would: the text fed to `sh` on its stdin. */
export function runInShell(body: string, cwd: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', [], { cwd, stdio: ['pipe', 'pipe', 'pipe'] })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), rc: code ?? 255 }))
    child.stdin.end(Buffer.from(body, 'latin1'))
  })
}

export class ReplayBook {
  private steps: { key: string; reply: Promise<Reply> }[] = []
  readonly counts: ReplayCounts = { executed: 0, replayed: 0, diverged: 0 }

  constructor(private readonly execute: (body: string) => Promise<Reply>) {}

  /** Forgets the recording: the next run's leader sees the state the last run left. */
  reset(): void {
    this.steps = []
    this.counts.executed = this.counts.replayed = this.counts.diverged = 0
  }

  answer(step: number, frame: Frame): Promise<Reply> {
    // A here-document delimiter carries the nonce, and a write's temp file a random suffix
    // (src/module/steps.ts): the recording must depend on neither.
    const key = frame.body.split(frame.nonce).join('\0').replace(RANDOM_TEMP_SUFFIX, '.drover-\0')
    const known = this.steps[step]
    if (known?.key === key) {
      this.counts.replayed++
      return known.reply
    }
    if (known || step !== this.steps.length) {
      this.counts.diverged++
      return this.execute(frame.body)
    }
    this.counts.executed++
    const reply = this.execute(frame.body)
    this.steps.push({ key, reply })
    return reply
  }
}
