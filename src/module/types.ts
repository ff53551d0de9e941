/**
 * The module contract (ARCHITECTURE.md §4). A module's JSON Schema is its only argument spec:
 * it validates, fills defaults and produces `drover doc`. Action modules (command, shell, raw)
 * run directly; state modules gather facts read-only, then plan purely, and the executor applies.
 */
import type { Connection } from '../connection/types.js'

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

export type Module = ActionModule<any>
