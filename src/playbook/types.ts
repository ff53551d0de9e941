/** The one internal shape every accepted playbook syntax is normalised into (normalize.ts). */
import type { SourcePosition } from '../errors.js'

export interface Task {
  /** The name as written, if any; reporters fall back to the action. */
  name?: string
  /** Canonical module name (`command`, not `ansible.builtin.command`). */
  action: string
  args: Record<string, unknown>
  where: SourcePosition
  register?: string
  ignoreErrors: boolean
}

export interface Play {
  name?: string
  hosts: string
  gatherFacts: boolean
  vars: Record<string, unknown>
  tasks: Task[]
  where: SourcePosition
}

export function taskDisplayName(task: Task): string {
  return task.name ?? task.action
}
