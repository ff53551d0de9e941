/** What a run learns about each host and keeps across tasks and plays. */
export class HostState {
  /** Gathered facts (`ansible_facts`), also injected as top-level `ansible_*` variables. */
  facts: Record<string, unknown> = {}
  /** set_fact and register results (precedence level 19). */
  setFacts: Record<string, unknown> = {}
  /** include_vars (level 18). */
  includeVars: Record<string, unknown> = {}
  /** Handler names and listen topics notified and not yet flushed. */
  notified = new Set<string>()
  failed = false
  unreachable = false
  /** meta: end_host, or end_play for this play. */
  ended = false
}

export class RunState {
  private readonly hosts = new Map<string, HostState>()

  get(host: string): HostState {
    let state = this.hosts.get(host)
    if (!state) {
      state = new HostState()
      this.hosts.set(host, state)
    }
    return state
  }
}
