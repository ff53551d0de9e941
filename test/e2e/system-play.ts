/** Runs a one-play playbook on disposable Debian hosts and reads its recap: shared by the system-module e2e tests. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import type { DebianHosts } from '../harness/debian/index.js'
import { runDrover, type DroverRun } from './run-drover.js'

export async function playTasks(d: DebianHosts, name: string, tasks: Record<string, unknown>[], extra: string[] = [], inventory = d.writeInventory()): Promise<DroverRun> {
  const path = join(d.dir, `${name}.yml`)
  writeFileSync(path, stringify([{ hosts: 'all', gather_facts: false, tasks }]))
  return runDrover(['playbook', '-i', inventory, path, ...extra], { env: d.env(), timeoutMs: 120_000 })
}

export function recap(run: DroverRun, host = 'deb1'): { ok: number; changed: number; failed: number } {
  const m = new RegExp(`${host} +: ok=(\\d+) +changed=(\\d+) +unreachable=\\d+ +failed=(\\d+)`).exec(run.stdout)
  return m ? { ok: Number(m[1]), changed: Number(m[2]), failed: Number(m[3]) } : { ok: NaN, changed: NaN, failed: NaN }
}
