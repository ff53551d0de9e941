/**
 * `--output json`: one JSON object per event and per line, for CI systems and scripts. The shape
 * of every line is published as a JSON Schema (`drover schema events`, events-schema.ts).
 */
import type { Reporter, RunEvent } from './events.js'
import { machineResult } from './result-format.js'

export const EVENTS_SCHEMA_VERSION = 1

export function eventRecord(event: RunEvent, time: Date): Record<string, unknown> {
  const base = { ...event, time: time.toISOString() } as Record<string, unknown>
  if (event.type === 'host_result' || event.type === 'item_result') {
    base.result = machineResult(event.result, event.noLog)
    // An item label can echo the secret too.
    if (event.type === 'item_result' && event.noLog) base.label = 'None'
  }
  // A retry does not know whether its task is no_log: its intermediate result is left out.
  if (event.type === 'retry') delete base.result
  return base
}

/** JSON.stringify, except that values JSON cannot hold (bigint, Buffer) become text. */
function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString()
    if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return Buffer.from((v as { data: number[] }).data).toString('utf8')
    }
    return v
  })
}

export class JsonLinesReporter implements Reporter {
  constructor(
    private readonly write: (line: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  handle(event: RunEvent): void {
    this.write(stringify(eventRecord(event, this.now())) + '\n')
  }
}
