/** `drover playbook FILE...`: as `ansible-playbook`. */
import { Command } from 'commander'
import { dirname, resolve } from 'node:path'
import { runPlaybooks } from '../executor/playbook.js'
import { checkPlaybookLimit } from '../inventory/index.js'
import { ModuleRegistry } from '../module/registry.js'
import { DefaultReporter } from '../output/default.js'
import { loadPlaybook } from '../playbook/load-playbook.js'
import { parseTagOption, selectedByTags } from '../playbook/tags.js'
import { BUILTIN_MODULES } from '../../modules/index.js'
import { exitCodeForRun, EXIT } from './exit-codes.js'
import { parseExtraVars } from './extra-vars.js'
import { addRunOptions, type RunOptions } from './options.js'
import { formatPlaybookListing, formatSyntaxCheck } from './playbook-listing.js'
import { openSession, type SessionEnvironment } from './session.js'

interface PlaybookOptions extends RunOptions {
  tags?: string[]
  skipTags?: string[]
  listTasks?: boolean
  listTags?: boolean
  syntaxCheck?: boolean
  forceHandlers?: boolean
}

const collect = (value: string, previous: string[] = []) => [...previous, value]

export function playbookCommand(environment: SessionEnvironment, setExitCode: (code: number) => void): Command {
  const command = new Command('playbook')
    .description('run playbooks against inventory hosts (like `ansible-playbook`)')
    .argument('<playbook...>', 'playbook files')
    .option('-t, --tags <tags>', 'only run plays and tasks tagged with these values (repeatable, comma-separated)', collect)
    .option('--skip-tags <tags>', 'only run plays and tasks whose tags do not match these values (repeatable)', collect)
    .option('--list-tasks', 'list all tasks that would be executed')
    .option('--list-tags', 'list all available tags')
    .option('--syntax-check', 'perform a syntax check on the playbook, but do not execute it')
    .option('--force-handlers', 'run handlers even if a task fails')
  addRunOptions(command).action(async (files: string[], options: PlaybookOptions) => {
    const modules = new ModuleRegistry(BUILTIN_MODULES)
    const runTags = parseTagOption(options.tags)
    const skipTags = parseTagOption(options.skipTags)
    const session = await openSession(environment, options, dirname(resolve(environment.cwd, files[0]!)))
    const { settings } = session
    try {
      // Every playbook is parsed before anything runs: a broken file fails the run up front (exit 4).
      const loadOptions = { rolesPath: settings.rolesPath, decrypt: session.decrypt }
      const playbooks = files.map((name) => loadPlaybook(resolve(environment.cwd, name), name, modules, loadOptions))
      const playbookDir = dirname(playbooks[0]!.file)
      const { inventory, console } = session
      if (options.syntaxCheck) {
        for (const name of files) console.stdout.write(formatSyntaxCheck(name))
        return setExitCode(EXIT.ok)
      }
      if (options.listHosts || options.listTasks || options.listTags) {
        playbooks.forEach((playbook, i) =>
          console.stdout.write(
            formatPlaybookListing(files[i]!, playbook.plays, { listHosts: options.listHosts, listTasks: options.listTasks, listTags: options.listTags, runTags, skipTags }, (pattern) =>
              inventory.selectHosts(pattern, options.limit),
            ),
          ),
        )
        return setExitCode(EXIT.ok)
      }
      const extraVars = parseExtraVars(options.extraVars)
      checkPlaybookLimit(inventory, options.limit)
      const reporter = new DefaultReporter(console.stdout, { verbosity: session.settings.verbosity, colorize: console.colorize })
      const { stats } = await runPlaybooks(
        {
          playbooks,
          playbookDir,
          selectHosts: (pattern) => inventory.selectHosts(pattern, options.limit),
          inventoryVars: (host) => inventory.hostVars(host),
          extraVars,
          decrypt: session.decrypt,
          selected: (item) => item.kind === 'block' || selectedByTags(item.tags, runTags, skipTags),
          templar: session.templar,
          verbosity: session.settings.verbosity,
          includeContext: { registry: modules, playbookDir, rolesPath: settings.rolesPath, decrypt: session.decrypt },
          forceHandlers: Boolean(options.forceHandlers),
        },
        session.context,
        reporter,
      )
      setExitCode(exitCodeForRun(stats))
    } finally {
      await session.close()
    }
  })
  return command
}
