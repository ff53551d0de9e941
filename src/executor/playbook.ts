/**
 * The linear strategy: each task runs on every active host (bounded by --forks) before the next
 * task starts. Failed and unreachable hosts leave the play and every later play, as in Ansible.
 */
import pLimit from 'p-limit'
import type { Reporter, TaskRef } from '../output/events.js'
import { taskDisplayName, type Play, type Task } from '../playbook/types.js'
import { RunStats } from './stats.js'
import { runModuleOnHost, type RunContext } from './task-runner.js'

export interface PlaybookRun {
  plays: Play[]
  file: string
  selectHosts: (pattern: string) => string[]
  hostVars: (host: string) => Record<string, unknown>
  /** -e: above everything else, as in Ansible's precedence. */
  extraVars: Record<string, unknown>
}

export interface PlaybookOutcome {
  stats: RunStats
}

function taskRef(task: Task): TaskRef {
  return { name: taskDisplayName(task), action: task.action, file: task.where.file, line: task.where.line }
}

export async function runPlaybook(run: PlaybookRun, context: RunContext, reporter: Reporter): Promise<PlaybookOutcome> {
  const stats = new RunStats()
  const removed = new Set<string>() // failed or unreachable: out for the rest of the run
  const registered = new Map<string, Record<string, unknown>>()
  reporter.handle({ type: 'playbook_start', file: run.file })
  const limit = pLimit(Math.max(1, context.settings.forks))

  for (const play of run.plays) {
    const hosts = run.selectHosts(play.hosts)
    reporter.handle({ type: 'play_start', name: play.name ?? play.hosts, pattern: play.hosts, hosts })
    if (hosts.length === 0) {
      reporter.handle({ type: 'no_hosts_matched' })
      continue
    }
    let active = hosts.filter((h) => !removed.has(h))
    for (const host of hosts) stats.touch(host)
    for (const task of play.tasks) {
      if (active.length === 0) break
      const ref = taskRef(task)
      reporter.handle({ type: 'task_start', task: ref })
      await Promise.all(
        active.map((host) =>
          limit(async () => {
            const vars = { ...run.hostVars(host), ...play.vars, ...registered.get(host), ...run.extraVars }
            const outcome = await runModuleOnHost(host, vars, task.action, task.args, context)
            const ignored = (outcome.status === 'failed' && task.ignoreErrors) || false
            if (task.register) {
              registered.set(host, { ...registered.get(host), [task.register]: { ...outcome.result, changed: Boolean(outcome.result.changed), failed: Boolean(outcome.result.failed) } })
            }
            stats.record(host, outcome.status, { ignored, changed: Boolean(outcome.result.changed) })
            if ((outcome.status === 'failed' && !ignored) || outcome.status === 'unreachable') removed.add(host)
            reporter.handle({ type: 'host_result', host, task: ref, status: outcome.status, result: outcome.result, ignored })
          }),
        ),
      )
      active = active.filter((h) => !removed.has(h))
    }
    // Ansible ends the run after a play in which every host failed.
    if (active.length === 0) break
  }
  reporter.handle({ type: 'recap', stats: stats.snapshot() })
  return { stats }
}
