/**
 * A host's persistent shells: the plain one, and one per become setting (keyed without the
 * password). SSH and local connections differ only in how a shell process is opened.
 */
import { becomeKey, becomeLaunch, completeEscalation } from './become.js'
import { ShellSession, type ShellStreams } from './shell-session.js'
import type { BecomeOptions } from './types.js'

export class ShellSet {
  private readonly shells = new Map<string, ShellSession>()

  /** `open()` starts the plain shell; `open(command)` runs the escalation command instead. */
  constructor(
    private readonly host: string,
    private readonly open: (command?: string) => Promise<ShellStreams>,
    private readonly becomeTimeoutMs: number,
  ) {
    this.shells.set('', new ShellSession(host, () => open()))
  }

  get plain(): ShellSession {
    return this.shells.get('')!
  }

  forBecome(become: BecomeOptions): ShellSession {
    const key = becomeKey(become)
    let shell = this.shells.get(key)
    if (!shell) {
      // The password of the first command opens the shell; it is not kept once the shell runs.
      const settings = { ...become }
      shell = new ShellSession(this.host, async () => {
        const launch = becomeLaunch(settings)
        return completeEscalation(await this.open(launch.command), settings, launch, this.becomeTimeoutMs)
      })
      this.shells.set(key, shell)
    }
    return shell
  }

  /** Frames sent by every shell of the host: each one network round trip. */
  get frames(): number {
    let total = 0
    for (const shell of this.shells.values()) total += shell.frames
    return total
  }

  close(): void {
    for (const shell of this.shells.values()) shell.close()
  }
}
