/** `drover playbook FILE...`: as `ansible-playbook`. */
import { Command } from 'commander'
import { dirname, resolve } from 'node:path'
import { NoHostsError } from '../errors.js'
import { runPlaybook } from '../executor/playbook.js'
import { ModuleRegistry } from '../module/registry.js'
import { DefaultReporter } from '../output/default.js'
import { parseLocatedYaml, readPlaybookText } from '../playbook/load.js'
import { normalizePlaybook } from '../playbook/normalize.js'
import type { Play } from '../playbook/types.js'
import { BUILTIN_MODULES } from '../../modules/index.js'
import { exitCodeForRun, EXIT } from './exit-codes.js'
import { parseExtraVars } from './extra-vars.js'
import { addRunOptions, type RunOptions } from './options.js'
import { openSession, type SessionEnvironment } from './session.js'

function loadPlays(file: string, displayName: string, modules: ModuleRegistry): Play[] {
  const text = readPlaybookText(file, displayName)
  return normalizePlaybook(parseLocatedYaml(text, file), file, modules)
}

export function playbookCommand(environment: SessionEnvironment, setExitCode: (code: number) => void): Command {
  const command = new Command('playbook').description('run playbooks against inventory hosts (like `ansible-playbook`)').argument('<playbook...>', 'playbook files')
  addRunOptions(command).action(async (files: string[], options: RunOptions) => {
    // Every playbook is parsed before anything runs: a broken file fails the run up front (exit 4).
    const modules = new ModuleRegistry(BUILTIN_MODULES)
    const playbooks = files.map((name) => {
      const file = resolve(environment.cwd, name)
      return { file, plays: loadPlays(file, name, modules) }
    })
    const session = await openSession(environment, options, dirname(playbooks[0]!.file))
    try {
      const extraVars = parseExtraVars(options.extraVars)
      const { inventory, console } = session
      if (options.limit !== undefined && inventory.selectHosts('all', options.limit).length === 0) throw new NoHostsError()
      for (const { file, plays } of playbooks) {
        const reporter = new DefaultReporter(console.stdout, { verbosity: session.settings.verbosity, colorize: console.colorize })
        const { stats } = await runPlaybook(
          {
            plays,
            file,
            selectHosts: (pattern) => inventory.selectHosts(pattern, options.limit),
            hostVars: (host) => inventory.hostVars(host),
            extraVars,
          },
          session.context,
          reporter,
        )
        const code = exitCodeForRun(stats)
        setExitCode(code)
        // Several playbooks stop at the first one that did not succeed, as ansible-playbook does.
        if (code !== EXIT.ok) return
      }
    } finally {
      await session.close()
    }
  })
  return command
}
