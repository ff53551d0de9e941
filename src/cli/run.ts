/** `drover run PATTERN`: ad hoc, as `ansible PATTERN -m MODULE -a ARGS`. */
import { Command } from 'commander'
import { OptionsError, ParseError, UnknownModuleError } from '../errors.js'
import { runAdHoc } from '../executor/adhoc.js'
import { adhocHosts, renderListHosts } from '../inventory/index.js'
import { parseKeyValue } from '../module/kv.js'
import type { ModuleRegistry } from '../module/registry.js'
import { AdHocReporter } from '../output/adhoc.js'
import { exitCodeForRun, EXIT } from './exit-codes.js'
import { parseExtraVars } from './extra-vars.js'
import { addRunOptions, type RunOptions } from './options.js'
import { buildReporters, runReported } from './reporters.js'
import { openSession, type SessionEnvironment } from './session.js'

interface AdHocOptions extends RunOptions {
  moduleName: string
  args?: string
  oneLine?: boolean
}

/** `-a` as Ansible reads it: a JSON object, or k=v text (free-form for command-like modules). */
export function parseAdHocArgs(text: string | undefined, moduleName: string, modules: ModuleRegistry): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {}
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed)
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
    } catch {
      // not JSON: fall through to k=v, as Ansible does
    }
  }
  const module = modules.has(moduleName) ? modules.get(moduleName) : undefined
  try {
    if (module?.freeForm && !module.freeForm.inlineOptions) return { [module.freeForm.param]: text }
    const args = parseKeyValue(text, Boolean(module?.freeForm))
    if (module?.freeForm && args._raw_params !== undefined && module.freeForm.param !== '_raw_params') {
      args[module.freeForm.param] = args._raw_params
      delete args._raw_params
    }
    return args
  } catch (error) {
    throw new ParseError((error as Error).message)
  }
}

const REQUIRES_ARGS = new Set(['command', 'shell', 'raw', 'script'])

export function runCommand(environment: SessionEnvironment, setExitCode: (code: number) => void): Command {
  const command = new Command('run')
    .description('run a single module against the hosts matching PATTERN (ad hoc, like `ansible`)')
    .argument('<pattern>', 'host pattern')
    .option('-m, --module-name <name>', 'the module to run', 'command')
    .option('-a, --args <args>', "the module's arguments: 'k=v k2=v2', free-form text, or a JSON object")
    .option('-o, --one-line', 'condense output to one line per host')
  addRunOptions(command).action(async (pattern: string, options: AdHocOptions) => {
    const session = await openSession(environment, options)
    try {
      const { console, inventory, modules } = session
      const extraVars = parseExtraVars(options.extraVars)
      const canonical = modules.canonicalName(options.moduleName)
      if (canonical && REQUIRES_ARGS.has(canonical) && !options.args?.trim()) {
        throw new OptionsError(`No argument passed to ${canonical} module`)
      }
      if (!canonical && options.args !== undefined) throw new UnknownModuleError(options.moduleName)
      const args = parseAdHocArgs(options.args, options.moduleName, modules)
      const hosts = adhocHosts(inventory, pattern, options.limit)
      if (options.listHosts) {
        session.console.stdout.write(renderListHosts(hosts) + '\n')
        return setExitCode(EXIT.ok)
      }
      if (hosts.length === 0) return setExitCode(EXIT.ok)
      const module = canonical ? modules.get(canonical) : undefined
      const reporters = await buildReporters({
        flags: options,
        env: environment.env,
        cwd: environment.cwd,
        console,
        redact: (text) => session.secretRegistry.redact(text),
        text: (out) =>
          new AdHocReporter(out, {
            oneLine: Boolean(options.oneLine),
            verbosity: session.settings.verbosity,
            colorize: console.colorize,
            commandOutput: module?.output === 'command',
          }),
      })
      const code = await runReported(reporters, environment.signal, async (reporter) => {
        const stats = await runAdHoc(
          { hosts, hostVars: (h) => ({ ...inventory.hostVars(h), ...extraVars }), action: options.moduleName, args, templar: session.templar, verbosity: session.settings.verbosity },
          session.context,
          reporter,
        )
        return exitCodeForRun(stats)
      })
      setExitCode(code)
    } finally {
      await session.close()
    }
  })
  return command
}
