/** `drover playbook FILE...`: as `ansible-playbook`. */
import { Command } from 'commander'
import { dirname, resolve } from 'node:path'
import { runPlaybooks } from '../executor/playbook.js'
import { checkPlaybookLimit } from '../inventory/index.js'
import { registerPasswordVars } from '../vars/vaulted.js'
import { NoTerminalError } from '../errors.js'
import { DefaultReporter } from '../output/default.js'
import { loadPlaybook } from '../playbook/load-playbook.js'
import { parseTagOption, selectedByTags } from '../playbook/tags.js'
import { exitCodeForRun, EXIT } from './exit-codes.js'
import { parseExtraVars } from './extra-vars.js'
import { addRunOptions, type RunOptions } from './options.js'
import { formatPlaybookListing, formatSyntaxCheck } from './playbook-listing.js'
import { stepPrompter, varsPrompter } from './playbook-prompts.js'
import { buildReporters, outputFormat, runReported } from './reporters.js'
import { formatCustomStats } from './playbook-custom-stats.js'
import { openSession, type SessionEnvironment } from './session.js'

interface PlaybookOptions extends RunOptions {
  tags?: string[]
  skipTags?: string[]
  listTasks?: boolean
  listTags?: boolean
  syntaxCheck?: boolean
  forceHandlers?: boolean
  startAtTask?: string
  step?: boolean
}

const collect = (value: string, previous: string[] = []) => [...previous, value]

/** The inventory's variables per host, computed once and forgotten when add_host/group_by change it. */
function hostVarsCache(compute: (host: string) => Record<string, unknown>): { get: (host: string) => Record<string, unknown>; forget: () => void } {
  const cache = new Map<string, Record<string, unknown>>()
  return {
    get: (host) => {
      let vars = cache.get(host)
      if (!vars) {
        vars = compute(host)
        cache.set(host, vars)
      }
      return vars
    },
    forget: () => cache.clear(),
  }
}

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
    .option('--start-at-task <name>', 'start the playbook at the first task whose name matches (a glob; role tasks also as "role : name")')
    .option('--step', 'one-step-at-a-time: confirm each task before running it')
  addRunOptions(command).action(async (files: string[], options: PlaybookOptions) => {
    const runTags = parseTagOption(options.tags)
    const skipTags = parseTagOption(options.skipTags)
    const session = await openSession(environment, options, dirname(resolve(environment.cwd, files[0]!)))
    const { settings, modules } = session
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
      const extraVars = session.revealer.reveal(parseExtraVars(options.extraVars))
      registerPasswordVars(extraVars, session.secretRegistry)
      checkPlaybookLimit(inventory, options.limit)
      const reporters = await buildReporters({
        flags: options,
        env: environment.env,
        cwd: environment.cwd,
        console,
        redact: (text) => session.secretRegistry.redact(text),
        text: (out) => new DefaultReporter(out, { verbosity: session.settings.verbosity, colorize: console.colorize, diff: Boolean(options.diff), configFile: settings.configFile ?? null, warn: console.warn }),
      })
      const code = await runReported(reporters, environment.signal, async (reporter) => {
        const hostVars = hostVarsCache((host) => {
        const vars = session.revealer.reveal(inventory.hostVars(host))
        registerPasswordVars(vars, session.secretRegistry)
        return vars
      })
      const { stats, unmatchedStartAt, stepRefused } = await runPlaybooks(
          {
            playbooks,
            playbookDir,
            selectHosts: (pattern) => inventory.selectHosts(pattern, options.limit),
            allHosts: () => inventory.selectHosts('all'),
            inventoryVars: hostVars.get,
            extraVars,
            decrypt: session.decrypt,
            selected: (item) => item.kind === 'block' || selectedByTags(item.tags, runTags, skipTags),
            templar: session.templar,
            verbosity: session.settings.verbosity,
            includeContext: { registry: modules, playbookDir, rolesPath: settings.rolesPath, decrypt: session.decrypt },
            forceHandlers: Boolean(options.forceHandlers),
          reveal: (value) => session.revealer.reveal(value),
          control: { startAtTask: options.startAtTask, step: options.step ? stepPrompter(console) : undefined },
          varsPrompt: varsPrompter(console),
          inventory: {
            addHost: (name, groups, vars) => {
              inventory.addHost(name, groups, vars)
              hostVars.forget()
            },
            addToGroup: (host, group, parents) => {
              inventory.addHostToGroup(host, group, parents)
              hostVars.forget()
            },
          },
          },
          session.context,
          reporter,
        )
        if (settings.showCustomStats && outputFormat(options, environment.env) === 'text') console.stdout.write(formatCustomStats(stats.custom, console.stdout.columns))
        if (unmatchedStartAt !== undefined) console.stderr(` [ERROR]: No matching task "${unmatchedStartAt}" found. Note: --start-at-task can only follow static includes.\n`)
        if (stepRefused) {
          console.error(new NoTerminalError('--step').message)
          // What ansible-playbook exits with when --step meets the end of input.
          return EXIT.hostFailed
        }
        return exitCodeForRun(stats)
      })
      setExitCode(code)
    } finally {
      await session.close()
    }
  })
  return command
}
