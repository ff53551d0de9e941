/**
 * The shared idempotency check (ARCHITECTURE.md §4): apply a module's plan over a LocalConnection,
 * gather again, plan again — nothing may be left to change. Also checks the round-trip budget:
 * a changed task costs two frames, an unchanged one a single frame.
 */
import assert from 'node:assert/strict'
import type { LocalConnection } from '../../src/connection/local.js'
import type { ModuleResult } from '../../src/module/types.js'
import { runModule, type RunOptions } from './run-module.js'

export async function assertIdempotent(connection: LocalConnection, name: string, args: Record<string, unknown>, options: RunOptions = {}): Promise<{ first: ModuleResult; second: ModuleResult }> {
  const before = connection.roundTrips
  const first = await runModule(connection, name, args, options)
  assert.ok(!first.failed, `first run failed: ${JSON.stringify(first)}`)
  assert.equal(first.changed, true, `the first run changes something: ${JSON.stringify(first)}`)
  assert.equal(connection.roundTrips - before, 2, 'a changed task costs two round trips')
  const middle = connection.roundTrips
  const second = await runModule(connection, name, args, options)
  assert.ok(!second.failed, `second run failed: ${JSON.stringify(second)}`)
  assert.equal(second.changed, false, `nothing left to change: ${JSON.stringify(second)}`)
  assert.equal(connection.roundTrips - middle, 1, 'an unchanged task costs one round trip')
  return { first, second }
}
