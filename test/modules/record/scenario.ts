/**
 * A differential scenario: files set up in a fresh temp dir, then tasks run in order by
 * ansible-core (recorded once by record.ts) and by drover (differential.test.ts). `@DIR@` in any
 * argument stands for the temp dir.
 */
export type SetupEntry = string | { content: string; mode?: string } | { dir: true; mode?: string } | { link: string }

export interface ScenarioTask {
  module: string
  args: Record<string, unknown>
  check?: boolean
}

export interface Scenario {
  name: string
  setup?: Record<string, SetupEntry>
  /** Run with --diff (the recorded results then carry `diff`). */
  diff?: boolean
  /** Variables for templates. */
  vars?: Record<string, unknown>
  tasks: ScenarioTask[]
}

/** What a directory holds, keyed by relative path: enough to compare end states. */
export type Snapshot = Record<string, { type: string; mode: string; content?: string; target?: string; nlink?: number }>

export interface Recording {
  ansible: string
  scenarios: Record<string, { results: Record<string, unknown>[]; snapshot: Snapshot }>
}
