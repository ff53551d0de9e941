import { after, before } from 'node:test'
import { startHarness, type Harness } from '../harness/index.js'
import { runDrover, type DroverRun } from './run-drover.js'

/** One real sshd host (h1) for a test file of ad hoc module runs; filled in by the file's `before`. */
export interface OneHost {
  harness: Harness
  inventory: string
  /** h1's scratch dir: the only place on the shared machine its tests write to. */
  scratch: string
  /** `drover run h1 -m MODULE -a ARGS …`, whatever its exit code. */
  adhoc(module: string, args: string, extra?: string[]): Promise<DroverRun>
}

/** Starts the host before the file's tests and stops it after them; call at the file's top level. */
export function useOneHost(): OneHost {
  const host = {
    adhoc: (module: string, args: string, extra: string[] = []) =>
      runDrover(['run', 'h1', '-i', host.inventory, '-m', module, '-a', args, ...extra], { env: host.harness.env() }),
  } as OneHost
  before(async () => {
    host.harness = await startHarness({ hosts: 1 })
    host.inventory = host.harness.writeInventory({ hosts: host.harness.hosts })
    host.scratch = host.harness.hosts[0]!.scratch
  })
  after(async () => {
    await host.harness?.stop()
  })
  return host
}
