import { readFileSync } from 'node:fs'

/**
 * The largest number of started-but-not-ended entries in an activity log (`start <host>` /
 * `end <host>` lines appended by remote commands). It observes concurrency from what actually
 * ran, not from timing. An `end` without a matching `start` is ignored. A missing log reads as 0.
 */
export function maxConcurrent(activityLogPath: string): number {
  let text: string
  try {
    text = readFileSync(activityLogPath, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
  const open = new Map<string, number>()
  let current = 0
  let max = 0
  for (const line of text.split('\n')) {
    const match = /^(start|end)\s+(\S+)\s*$/.exec(line)
    if (!match) continue
    const [, kind, host] = match as unknown as [string, string, string]
    const count = open.get(host) ?? 0
    if (kind === 'start') {
      open.set(host, count + 1)
      current++
      max = Math.max(max, current)
    } else if (count > 0) {
      open.set(host, count - 1)
      current--
    }
  }
  return max
}

/** A POSIX sh script `activity [SECONDS]` that records one busy interval of the host it runs on. */
export function activityScriptText(logPath: string): string {
  return [
    '#!/bin/sh',
    '# Records a busy interval for the harness activity log; HARNESS_HOST comes from sshd (SetEnv).',
    `log='${logPath}'`,
    'host="${HARNESS_HOST:-$(uname -n)}"',
    'echo "start $host" >> "$log"',
    'sleep "${1:-0.2}"',
    'echo "end $host" >> "$log"',
    '',
  ].join('\n')
}
