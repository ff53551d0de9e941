import { spawn, type ChildProcess } from 'node:child_process'

export interface LaunchItem {
  name: string
  hostKey: string
  /** Generate hostKey first (first attempt) or reuse it (a retry on another port). */
  generateKey: boolean
  config: string
  log: string
}

export interface Launcher {
  /** Host name → sshd pid, filled in as the shell reports each background job. */
  pids: Map<string, number>
  shell: ChildProcess
  /** Resolves when the shell is gone, i.e. when every sshd it started has exited. */
  exited: Promise<void>
  isExited(): boolean
}

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`

/**
 * Starts every host's `ssh-keygen && exec sshd -D -e` from one shell, each in its own background
 * subshell. One Node spawn instead of one per sshd (each costs ~15 ms of blocked event loop on a busy
 * machine), and each sshd starts the moment its own key exists. `$!` is the subshell, which `exec`
 * turns into the sshd, so the reported pids are the listeners. The shell stays as their parent
 * (`wait`) so exited sshds are reaped rather than left as zombies.
 */
export function launch(sshd: string, items: LaunchItem[], errorLog: string): Launcher {
  const lines = [`exec 2>>${quote(errorLog)}`]
  for (const item of items) {
    const keygen = item.generateKey
      ? `ssh-keygen -q -t ed25519 -N '' -C ${quote(item.name)} -f ${quote(item.hostKey)} && `
      : ''
    lines.push(
      `(${keygen}exec ${quote(sshd)} -D -e -f ${quote(item.config)} -E ${quote(item.log)}) </dev/null >/dev/null &`,
      `echo ${quote(item.name)} $!`,
    )
  }
  // Close our end of stdout so Node sees it end once every pid is reported.
  lines.push('exec >/dev/null', 'wait')
  const shell = spawn('/bin/sh', ['-c', lines.join('\n')], { stdio: ['ignore', 'pipe', 'ignore'] })
  // A forgotten stop() must not keep the test process alive; the exit hook still kills everything.
  shell.unref()
  const pids = new Map<string, number>()
  let buffered = ''
  shell.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    const complete = buffered.split('\n')
    buffered = complete.pop()!
    for (const line of complete) {
      const [name, pid] = line.split(' ')
      if (name && pid) pids.set(name, Number(pid))
    }
  })
  let exited = false
  const done = new Promise<void>((resolve) => {
    const finish = (): void => {
      exited = true
      resolve()
    }
    shell.once('exit', finish)
    shell.once('error', finish)
  })
  return { pids, shell, exited: done, isExited: () => exited }
}
