/** Runs a playbook in-process against harness hosts and counts each host's frames per task. */
import { dirname } from 'node:path'
import { openSession } from '../src/cli/session.js'
import { runPlaybooks } from '../src/executor/playbook.js'
import { ModuleRegistry } from '../src/module/registry.js'
import type { Reporter, RunEvent } from '../src/output/events.js'
import { loadPlaybook } from '../src/playbook/load-playbook.js'
import { BUILTIN_MODULES } from '../modules/index.js'
import type { Harness } from '../test/harness/index.js'

export interface CountedResult {
  task: string
  action: string
  host: string
  status: string
  frames: number
  failed: boolean
}

export async function countedRun(harness: Harness, inventory: string, playbook: string): Promise<CountedResult[]> {
  const playbookDir = dirname(playbook)
  const session = await openSession({ env: harness.env(), cwd: playbookDir }, { inventory: [inventory], extraVars: [], verbose: 0 }, playbookDir)
  const counted: CountedResult[] = []
  const seen = new Map<string, number>()
  const reporter: Reporter = {
    handle(event: RunEvent) {
      if (event.type !== 'host_result') return
      const now = session.context.pool.roundTrips(event.host)
      counted.push({ task: event.task.name, action: event.task.action, host: event.host, status: event.status, frames: now - (seen.get(event.host) ?? 0), failed: event.status === 'failed' || event.status === 'unreachable' })
      seen.set(event.host, now)
    },
  }
  try {
    const modules = new ModuleRegistry(BUILTIN_MODULES)
    await runPlaybooks(
      {
        playbooks: [loadPlaybook(playbook, playbook, modules)],
        playbookDir,
        selectHosts: (p) => session.inventory.selectHosts(p),
        inventoryVars: (h) => session.inventory.hostVars(h),
        extraVars: {},
        decrypt: session.decrypt,
        selected: () => true,
        templar: session.templar,
        verbosity: 0,
        includeContext: { registry: modules, playbookDir },
        forceHandlers: false,
        reveal: (value) => session.revealer.reveal(value),
        inventory: { addHost: (n, g, v) => session.inventory.addHost(n, g, v), addToGroup: (h, g, p) => session.inventory.addHostToGroup(h, g, p) },
      },
      session.context,
      reporter,
    )
  } finally {
    await session.close()
  }
  return counted
}

/** Mean and max frames per host-task for a first (changing) and a second (unchanged) run. */
export async function countRoundTrips(harness: Harness, inventory: string, playbook: string) {
  const summary = (c: CountedResult[]) => ({ mean: c.reduce((n, r) => n + r.frames, 0) / Math.max(1, c.length), max: Math.max(0, ...c.map((r) => r.frames)) })
  const first = summary(await countedRun(harness, inventory, playbook))
  const second = summary(await countedRun(harness, inventory, playbook))
  return { first: first.mean, firstMax: first.max, second: second.mean, secondMax: second.max }
}
