/**
 * The module contract (ARCHITECTURE.md §4). A module's JSON Schema is its only argument spec:
 * it validates, fills defaults and produces `drover doc`. Action modules (command, shell, raw)
 * run directly; state modules gather facts read-only, then plan purely, and the executor applies.
 */
import type { Connection, ExecResult } from '../connection/types.js'
import type { DeviceCli } from '../network/types.js'

export type ModuleResult = Record<string, unknown> & {
  changed?: boolean
  failed?: boolean
  skipped?: boolean
  msg?: unknown
}

export interface ArgumentSchema {
  type: 'object'
  properties: Record<string, PropertySchema>
  required?: string[]
  additionalProperties?: boolean
  /** Alternatives a user may write instead of the canonical name (`cmd` for `_raw_params`). */
  aliases?: Record<string, string>
  mutuallyExclusive?: string[][]
}

export interface PropertySchema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | ('string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null')[]
  description: string
  default?: unknown
  enum?: unknown[]
  items?: Omit<PropertySchema, 'description'> & { description?: string }
}

export interface ReturnValue {
  description: string
  type: string
  returned?: string
}

export interface ModuleInfo {
  name: string
  /** The collection, when not ansible.builtin: `ansible.posix` makes `ansible.posix.sysctl` name the module too. */
  collection?: string
  shortDescription: string
  description: string
  schema: ArgumentSchema
  /** Which argument takes the free-form text of `module: text`, and whether inline k=v are split from it. */
  freeForm?: { param: string; inlineOptions: boolean }
  /** Ad hoc output shape: 'command' prints `h | CHANGED | rc=0 >>` then stdout, as Ansible's MODULE_NO_JSON. */
  output: 'command' | 'json'
  checkMode: 'full' | 'partial' | 'none'
  returns: Record<string, ReturnValue>
  examples: string
}

export interface ModuleContext {
  host: string
  connection: Connection
  check: boolean
  diff: boolean
  /**
   * Controller-side services (finding a local `src`, the playbook dir) for actions that read or write
   * controller files (fetch, script, unarchive). Optional until every caller passes it; without it
   * relative controller paths are taken from the current directory.
   */
  controller?: ControllerContext
  /** Marks a value as secret for the rest of the run: every output redacts it (expect's password answers). */
  registerSecret?: (value: string) => void
  /**
   * Drops this host's pooled connection (and its persistent shells) and opens a new one; rejects with
   * ConnectionError while the host is unreachable. Given to modules that outlive their connection
   * (reboot, wait_for_connection): later tasks on the host use the new connection.
   */
  reconnect?: (options?: { timeoutSeconds?: number }) => Promise<Connection>
}

export interface ActionModule<Args = Record<string, unknown>> extends ModuleInfo {
  kind: 'action'
  /** Runs even while the host cannot be reached: its connection opens on first use, and it may `reconnect`. */
  reconnects?: boolean
  run(args: Args, context: ModuleContext): Promise<ModuleResult>
}

/** Read-only access to the host for `gather`: each call is one round trip, so gather makes one. */
export interface HostProbe {
  run(command: string): Promise<ExecResult>
  /**
   * Whether the run reports diffs (--diff). false: a probe may leave out what only a diff needs;
   * undefined (a caller that does not say): probe for it.
   */
  diff?: boolean
}

/** What a module may use on the controller before touching the host (reading `src`, rendering templates). */
export interface ControllerContext {
  /** Finds a controller-side file the way Ansible does for `src` (role files/, playbook dir, cwd). */
  findFile(path: string, kind: 'files' | 'templates'): string
  readFile(path: string): Buffer
  /** Renders template text with the task's variables (the `template` module). */
  renderTemplate(text: string, source: string): string
}

export interface FileDiff {
  /** Text, or (for the file module's state/mode/owner changes) a dict, as Ansible returns it. */
  before: string | Record<string, unknown>
  after: string | Record<string, unknown>
  before_header?: string
  after_header?: string
}

/**
 * What a failing exec step means, where a module says more than "the change failed": `ignore` (the
 * remaining steps still run), or the task's message as Ansible's module words it, optionally
 * followed by `: ` and the command's stderr.
 */
export type StepFailure = 'ignore' | { msg: string; stderr: boolean }

/** Steps are data; shell text for them is built only by steps.ts through the quoting helper. */
export type Step =
  | { kind: 'exec'; argv: string[]; onFailure?: StepFailure }
  | { kind: 'write'; path: string; content: Buffer | string; mode?: string; owner?: string; group?: string }

export type Plan =
  | { changed: false; result?: Record<string, unknown>; failed?: false }
  /** `diff` in the shape Ansible's module returns: one dict (file, replace) or a list (copy, lineinfile). */
  | { changed: true; steps: Step[]; diff?: FileDiff | FileDiff[]; result?: Record<string, unknown>; failed?: false; after?: AfterProbe }
  /** The module found the request impossible on this host (e.g. a path that is a directory). */
  | { changed: false; failed: true; msg: string; result?: Record<string, unknown> }

/**
 * Read-only shell text run at the end of the apply frame (no extra round trip) whose output
 * yields result fields only known once the change is made (a new directory's size, say). The
 * executor leaves it out when nothing will read those fields (no register, no reporter showing them).
 */
export interface AfterProbe {
  command: string
  result(stdout: string): Record<string, unknown>
}

export interface PlanOptions {
  check: boolean
  diff: boolean
}

export interface StateModule<Args = Record<string, unknown>, Facts = unknown, Prepared = Args> extends ModuleInfo {
  kind: 'state'
  /** Controller-side preparation (optional): resolve and read `src`, render templates. */
  prepare?(args: Args, controller: ControllerContext): Promise<Prepared> | Prepared
  /** Read-only probes; ideally one command. */
  gather(input: Prepared, host: HostProbe): Promise<Facts>
  /** Pure: no I/O. What must change, as steps, or nothing. */
  plan(input: Prepared, facts: Facts, options: PlanOptions): Plan
}

/** What a controller-side module (debug, set_fact, assert, …) may read and change in the run. */
export interface ControllerRunContext {
  host: string
  /** The task's variables for this host (and loop item). */
  vars: Record<string, unknown>
  check: boolean
  verbosity: number
  /** Renders a template string or evaluates a bare expression against `vars`. */
  render(value: unknown): unknown
  evaluate(expression: string): unknown
  /** The source position of the task, for messages. */
  where: { file?: string; line?: number; col?: number }
  /** Decrypts an `$ANSIBLE_VAULT;` file's text with the run's vault secrets (include_vars). Optional until the executor passes it. */
  decrypt?: (text: string, file: string) => string
  /** Directories searched for relative files before the task's own (role dir, playbook dir). Optional. */
  searchDirs?: string[]
  /** The task's name as its banner shows it. */
  taskName?: string
  /** Shows a line on stdout while the module runs (Ansible's display.display). */
  display?: (text: string) => void
}

/**
 * Modules that never touch the host. Their result may carry `ansible_facts` (set_fact: stored as host
 * variables) and `_drover_*` instructions the executor carries out (add_host, group_by, meta).
 */
export interface ControllerModule<Args = Record<string, unknown>> extends ModuleInfo {
  kind: 'controller'
  run(args: Args, context: ControllerRunContext): Promise<ModuleResult> | ModuleResult
}

/** What a module for network devices (ansible_connection: network_cli) gets: the device's CLI, never a shell. */
export interface NetworkModuleContext {
  host: string
  cli: DeviceCli
  check: boolean
  diff: boolean
  controller?: ControllerContext
  /** Where controller-side files the module writes (config backups) go: the playbook's directory. */
  playbookDir: string
}

export interface NetworkModule<Args = Record<string, unknown>> extends ModuleInfo {
  kind: 'network'
  run(args: Args, context: NetworkModuleContext): Promise<ModuleResult>
}

export type Module = ActionModule<any> | StateModule<any, any, any> | ControllerModule<any> | NetworkModule<any>
