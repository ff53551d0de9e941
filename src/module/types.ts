/**
 * The module contract (ARCHITECTURE.md §4). A module's JSON Schema is its only argument spec:
 * it validates, fills defaults and produces `drover doc`. Action modules (command, shell, raw)
 * run directly; state modules gather facts read-only, then plan purely, and the executor applies.
 */
import type { Connection, ExecResult } from '../connection/types.js'

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
}

export interface ActionModule<Args = Record<string, unknown>> extends ModuleInfo {
  kind: 'action'
  run(args: Args, context: ModuleContext): Promise<ModuleResult>
}

/** Read-only access to the host for `gather`: each call is one round trip, so gather makes one. */
export interface HostProbe {
  run(command: string): Promise<ExecResult>
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
  before: string
  after: string
  before_header?: string
  after_header?: string
}

/** Steps are data; shell text for them is built only by steps.ts through the quoting helper. */
export type Step =
  | { kind: 'exec'; argv: string[] }
  | { kind: 'write'; path: string; content: Buffer | string; mode?: string; owner?: string; group?: string }

export type Plan =
  | { changed: false; result?: Record<string, unknown>; failed?: false }
  | { changed: true; steps: Step[]; diff?: FileDiff[]; result?: Record<string, unknown>; failed?: false }
  /** The module found the request impossible on this host (e.g. a path that is a directory). */
  | { changed: false; failed: true; msg: string; result?: Record<string, unknown> }

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

export type Module = ActionModule<any> | StateModule<any, any, any>
