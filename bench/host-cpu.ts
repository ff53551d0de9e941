/**
 * CPU spent on the host side of the harness: every sshd listener whose command line names the
 * harness directory is moved into a cgroup-v1 cpuacct group of its own, so the group's usage counts
 * the listeners, their sessions, the shells and every command those fork. (A process's reaped-
 * children times would miss most of it: sshd's privilege-separation monitor does not wait for its
 * session child.) Needs root and cpuacct; without them the meter reads undefined.
 */
import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const CPUACCT = '/sys/fs/cgroup/cpuacct'

function listenerPids(marker: string): string[] {
  const pids: string[] = []
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      // Sessions retitle themselves (`sshd: user@notty`) and so never match; the launcher shell is not an sshd.
      if (!cmdline.startsWith('/bin/sh') && cmdline.includes('sshd_config') && cmdline.includes(marker)) pids.push(pid)
    } catch {
      // The process ended while we looked.
    }
  }
  return pids
}

export interface HostCpuMeter {
  /** CPU seconds used by the hosts so far; undefined when the cgroup could not be made. */
  seconds(): number | undefined
  close(): void
}

export function hostCpuMeter(marker: string): HostCpuMeter {
  const group = join(CPUACCT, `drover-bench-${process.pid}`)
  try {
    mkdirSync(group)
    for (const pid of listenerPids(marker)) writeFileSync(join(group, 'cgroup.procs'), pid)
  } catch {
    return { seconds: () => undefined, close: () => {} }
  }
  return {
    seconds: () => Number(readFileSync(join(group, 'cpuacct.usage'), 'utf8')) / 1e9,
    close: () => {
      // Processes still exiting keep the group busy for a moment: move what remains out, and retry.
      for (let attempt = 0; attempt < 50; attempt++) {
        try {
          for (const pid of readFileSync(join(group, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) writeFileSync(join(CPUACCT, 'cgroup.procs'), pid)
          rmdirSync(group)
          return
        } catch {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100)
        }
      }
    },
  }
}
