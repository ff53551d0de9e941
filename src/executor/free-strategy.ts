/**
 * `strategy: free`: each host of the batch goes through the play on its own, as fast as it can
 * (still bounded by forks), never waiting for the others at a task. As Ansible's default callback
 * does under free, a task banner is printed when a result arrives for a task other than the one
 * whose banner was printed last, so a banner can appear more than once.
 */
import type { Reporter, RunEvent, TaskRef } from '../output/events.js'
import type { Task } from '../playbook/types.js'
import { runItems, runSections, type PlayRunner } from './play-run.js'

function refKey(task: TaskRef): string {
  return `${task.handler ? 'H' : 'T'}:${task.file}:${task.line}:${task.name}`
}

/** Holds each task_start back until a result of that task is about to be shown. */
export function bannerOnResult(reporter: Reporter): Reporter {
  const starts = new Map<string, RunEvent>()
  let shown: string | undefined
  return {
    readsResultFields: reporter.readsResultFields,
    handle(event: RunEvent): void {
      if (event.type === 'task_start') {
        starts.set(refKey(event.task), event)
        return
      }
      if (event.type === 'host_result' || event.type === 'item_result' || event.type === 'retry' || event.type === 'included') {
        const key = refKey(event.task)
        if (key !== shown) {
          reporter.handle(starts.get(key) ?? { type: 'task_start', task: event.task })
          shown = key
        }
      }
      reporter.handle(event)
    },
  }
}

export async function runFree(runner: PlayRunner, batch: string[], gather: Task | undefined): Promise<void> {
  const reporter = bannerOnResult(runner.reporter)
  const own = batch.map((): PlayRunner => ({ ...runner, reporter, taskEnv: { ...runner.taskEnv, reporter } }))
  await Promise.all(
    batch.map(async (host, i) => {
      const mine = own[i]!
      if (gather) await runItems(mine, [gather], [host])
      await runSections(mine, [host])
    }),
  )
  // meta: end_play under free ends the play for whichever host reached it; the batch is done either way.
  runner.ended = own.some((r) => r.ended)
}
