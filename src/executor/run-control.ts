/**
 * Run-wide controls from the command line that decide whether a task runs at all, before any host
 * sees it: --start-at-task (skip everything before the first task whose name matches) and --step
 * (ask before each task). Both live for the whole run, across plays.
 */
import { fnmatch } from '../module/fnmatch.js'
import { taskDisplayName, type Task, type TaskItem } from '../playbook/types.js'

/** What the user answered to `Perform task: TASK: NAME (N)o/(y)es/(c)ontinue:`; `refused` when there is no terminal. */
export type StepAnswer = 'yes' | 'no' | 'continue' | 'refused'

export interface RunControlOptions {
  startAtTask?: string
  /** Asks the --step question; absent without --step. */
  step?: (question: string) => Promise<StepAnswer>
}

function matches(task: Task, pattern: string): boolean {
  // As Ansible's PlayIterator: the bare name or the role-prefixed name, equal or as a glob.
  const names = [task.name, taskDisplayName(task)].filter((n): n is string => n !== undefined)
  return names.some((n) => n === pattern || fnmatch(n, pattern))
}

/** The first task (static includes only: those are already in the tree) whose name matches. */
function findTask(items: TaskItem[], pattern: string): Task | undefined {
  for (const item of items) {
    if (item.kind === 'task' && matches(item, pattern)) return item
    if (item.kind === 'block') {
      const found = findTask(item.block, pattern)
      if (found) return found
    }
  }
  return undefined
}

function contains(items: TaskItem[], task: Task): boolean {
  return items.some((item) => item === task || (item.kind === 'block' && contains(item.block, task)))
}

export class RunControl {
  private pattern: string | undefined
  /** The task where the current play starts under --start-at-task; everything before it is skipped. */
  private startTask: Task | undefined
  private gather: Task | undefined
  private stepping: boolean
  /** Set when --step could not ask: the run stops as if every host were done. */
  halted = false

  constructor(private readonly options: RunControlOptions) {
    this.pattern = options.startAtTask
    this.stepping = options.step !== undefined
  }

  /**
   * Called as a play (batch) starts: false when --start-at-task is still looking and the play has
   * no matching task, so nothing of it runs, not even fact gathering.
   */
  enterPlay(sections: TaskItem[][], gather?: Task): boolean {
    // Facts are still gathered in the play where the start task is found, as in Ansible.
    this.gather = gather
    if (this.pattern === undefined) return true
    for (const section of sections) {
      const found = findTask(section, this.pattern)
      if (found) {
        this.startTask = found
        this.pattern = undefined
        return true
      }
    }
    return false
  }

  /** True for items before the start task: they are not run, shown or counted. */
  skipping(item: TaskItem): boolean {
    if (this.startTask === undefined || item === this.gather) return false
    if (item === this.startTask) {
      this.startTask = undefined
      return false
    }
    return !(item.kind === 'block' && contains(item.block, this.startTask))
  }

  /** The --start-at-task pattern that never matched, for the error after the recap. */
  unmatchedStartAt(): string | undefined {
    return this.pattern
  }

  /** With --step, asks whether to run the task; `c` stops asking for the rest of the run. */
  async confirm(task: Task): Promise<boolean> {
    if (this.halted) return false
    if (!this.stepping) return true
    const answer = await this.options.step!(`Perform task: TASK: ${taskDisplayName(task)} (N)o/(y)es/(c)ontinue: `)
    if (answer === 'refused') {
      this.halted = true
      return false
    }
    if (answer === 'continue') this.stepping = false
    return answer !== 'no'
  }
}
