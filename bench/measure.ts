/** Timing a tool's run the same way for every tool: wall time, CPU and peak RSS of its process tree. */
import { spawnSync } from 'node:child_process'

export interface Measure {
  wall: number
  /** User + system seconds of the command and the children it waited for. */
  cpu: number
  rssMb: number
  exit: number
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** `--name value` from the command line. */
export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback
}

export function timed(command: string, args: string[], env: Record<string, string>, cwd: string): Measure {
  // GNU time reports the child's CPU and peak RSS, the same way for both tools.
  const started = performance.now()
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S %M', command, ...args], { env, cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  const wall = (performance.now() - started) / 1000
  const last = run.stderr.trim().split('\n').pop() ?? ''
  const [user, sys, rssKb] = last.split(' ').map(Number)
  if (run.status !== 0) process.stderr.write(`${command} exited ${run.status}\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}\n`)
  return { wall, cpu: (user ?? 0) + (sys ?? 0), rssMb: (rssKb ?? 0) / 1024, exit: run.status ?? -1 }
}
