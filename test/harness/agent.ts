/** A private ssh-agent for agent-authentication tests: its own socket, killed with the harness. */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface RunningAgent {
  socket: string
  process: ChildProcess
}

export async function startAgent(socket: string, keys: string[]): Promise<RunningAgent> {
  // -D: stay in the foreground, so the agent is our child and dies with the harness.
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' })
  agent.unref()
  for (let i = 0; i < 200 && !existsSync(socket); i++) await sleep(10)
  if (!existsSync(socket)) {
    agent.kill()
    throw new Error('harness: ssh-agent did not create its socket')
  }
  for (const key of keys) await run('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socket } })
  return { socket, process: agent }
}
