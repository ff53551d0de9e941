/** `drover run PATTERN -m MODULE -a ARGS`: one task on every selected host, bounded by --forks. */
import pLimit from 'p-limit'
import type { TaskRef, Reporter } from '../output/events.js'
import { RunStats } from './stats.js'
import { runModuleOnHost, type RunContext } from './task-runner.js'

export interface AdHocRun {
  hosts: string[]
  hostVars: (host: string) => Record<string, unknown>
  action: string
  args: Record<string, unknown>
}

export async function runAdHoc(run: AdHocRun, context: RunContext, reporter: Reporter): Promise<RunStats> {
  const stats = new RunStats()
  const task: TaskRef = { name: run.action, action: run.action }
  const limit = pLimit(Math.max(1, context.settings.forks))
  await Promise.all(
    run.hosts.map((host) =>
      limit(async () => {
        const outcome = await runModuleOnHost(host, run.hostVars(host), run.action, run.args, context)
        stats.record(host, outcome.status, { ignored: false, changed: Boolean(outcome.result.changed) })
        reporter.handle({ type: 'host_result', host, task, status: outcome.status, result: outcome.result, ignored: false })
      }),
    ),
  )
  return stats
}
