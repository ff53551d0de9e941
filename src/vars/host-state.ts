/** What a run learns about each host and keeps across tasks and plays. */
export class HostState {
  /** set_fact and register results (precedence level 19). */
  setFacts: Record<string, unknown> = {}
  /** include_vars (level 18). */
  includeVars: Record<string, unknown> = {}
  /** Handler names and listen topics notified and not yet flushed. */
  notified = new Set<string>()
  /** meta: end_host, or end_play for this play. */
  ended = false
  private isFailed = false
  private isUnreachable = false
  private factsValue: Record<string, unknown> = {}
  private factVarsValue: Record<string, unknown> | undefined

  /** `changed`: told when failed or unreachable flips, so the run's caches of active hosts stay true. */
  constructor(private readonly changed: () => void = () => {}) {}

  /**
   * Gathered facts (`ansible_facts`), also injected as top-level `ansible_*` variables. Replaced
   * whole, never changed in place: their variables are built once per facts object, not per task.
   */
  get facts(): Record<string, unknown> {
    return this.factsValue
  }
  set facts(value: Record<string, unknown>) {
    this.factsValue = value
    this.factVarsValue = undefined
  }

  /** The facts as variables: `ansible_facts`, and each fact as `ansible_<name>`. Callers must not change it. */
  factVars(): Record<string, unknown> {
    if (this.factVarsValue) return this.factVarsValue
    const facts = this.factsValue
    const out: Record<string, unknown> = { ansible_facts: facts }
    for (const [key, value] of Object.entries(facts)) out[key.startsWith('ansible_') ? key : `ansible_${key}`] = value
    this.factVarsValue = out
    return out
  }

  get failed(): boolean {
    return this.isFailed
  }
  set failed(value: boolean) {
    if (value === this.isFailed) return
    this.isFailed = value
    this.changed()
  }

  get unreachable(): boolean {
    return this.isUnreachable
  }
  set unreachable(value: boolean) {
    if (value === this.isUnreachable) return
    this.isUnreachable = value
    this.changed()
  }
}

export class RunState {
  private readonly hosts = new Map<string, HostState>()
  /** Bumped whenever a host fails, recovers or becomes unreachable. */
  private generation = 0
  private readonly activeCache = new WeakMap<readonly string[], { generation: number; active: string[] }>()

  get(host: string): HostState {
    let state = this.hosts.get(host)
    if (!state) {
      state = new HostState(() => this.generation++)
      this.hosts.set(host, state)
    }
    return state
  }

  /**
   * The hosts of `hosts` neither failed nor unreachable (`ansible_play_hosts`). Every host-task's
   * vars can read it, so filtering each time would cost hosts² per task: it is kept per list until
   * some host's state changes. Callers must not change the returned array.
   */
  activeAmong(hosts: readonly string[]): readonly string[] {
    const hit = this.activeCache.get(hosts)
    if (hit && hit.generation === this.generation) return hit.active
    const active = hosts.filter((h) => {
      const s = this.get(h)
      return !s.failed && !s.unreachable
    })
    this.activeCache.set(hosts, { generation: this.generation, active })
    return active
  }
}
