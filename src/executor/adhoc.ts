/** `drover run PATTERN -m MODULE -a ARGS`: one task on every selected host, bounded by --forks. */
import pLimit from 'p-limit'
import type { Reporter, TaskRef } from '../output/events.js'
import type { Templar } from '../template/index.js'
import { RunStats } from './stats.js'
import { runModule, statusOf, type RunContext } from './task-runner.js'

export interface AdHocRun {
  hosts: string[]
  hostVars: (host: string) => Record<string, unknown>
  action: string
  args: Record<string, unknown>
  templar: Templar
  verbosity: number
}

export async function runAdHoc(run: AdHocRun, context: RunContext, reporter: Reporter): Promise<RunStats> {
  const stats = new RunStats()
  const task: TaskRef = { name: run.action, action: run.action }
  const limit = pLimit(Math.max(1, context.settings.forks))
  await Promise.all(
    run.hosts.map((host) =>
      limit(async () => {
        if (context.signal?.aborted) return
        const vars = run.hostVars(host)
        const args = run.templar.renderDeep(run.args, vars, { native: false }) as Record<string, unknown>
        const result = await runModule(
          {
            host,
            action: run.action,
            args,
            connectionHost: host,
            connectionVars: vars,
            vars,
            check: context.check,
            diff: context.diff,
            controllerRun: {
              verbosity: run.verbosity,
              where: {},
              render: (value) => run.templar.renderDeep(value, vars, { native: false }),
              evaluate: (expression) => run.templar.render(`{{ ${expression} }}`, vars, { native: false }),
            },
          },
          context,
        )
        const status = statusOf(result)
        stats.record(host, status, { ignored: false, changed: Boolean(result.changed) })
        reporter.handle({ type: 'host_result', host, task, status, result, ignored: false })
      }),
    ),
  )
  return stats
}
