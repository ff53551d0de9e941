/** The module-facing face of a CLI session: commands, configuration mode, the running configuration. */
import type { Answer, CliSession } from './cli-session.js'
import type { DeviceCli } from './types.js'

export function deviceCli(session: CliSession): DeviceCli {
  return {
    platform: session.platform,
    get prompt() {
      return session.prompt
    },
    run: (command: string, answers?: Answer[]) => session.send(command, { answers }),
    async configure(lines) {
      const { enter, exit, commit } = session.platform.config
      await session.send(enter)
      try {
        for (const line of lines) await session.send(line)
        if (commit) await session.send(commit)
      } finally {
        // Back to exec mode even after a refused line, so the next task starts from a known prompt.
        if (!session.broken) await session.send(exit, { checkErrors: false })
      }
    },
    runningConfig: () => session.send(session.platform.config.show),
  }
}
