/**
 * Builds the run's reporters from flags and environment: the text reporter (or JSON lines) on
 * stdout, progress on a terminal, JUnit and summary files, GitHub annotations. Several at once.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { OptionsError } from '../errors.js'
import type { TextOutput } from '../output/default.js'
import { ReporterGroup, type Reporter } from '../output/events.js'
import type { Console } from './console.js'
import { EXIT, exitCodeForError } from './exit-codes.js'

export interface ReporterFlags {
  output?: string
  junit?: string
  summary?: string
}

export interface RunReporters {
  reporter: Reporter
  /** Ends the run: the final event, and the report files (written whole, never partial). */
  finish(end: { exitCode: number; interrupted: boolean }): void
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

export function outputFormat(flags: ReporterFlags, env: NodeJS.ProcessEnv): 'text' | 'json' {
  const format = flags.output ?? env.DROVER_OUTPUT ?? 'text'
  if (format !== 'text' && format !== 'json') throw new OptionsError(`--output must be text or json, not '${format}'`)
  return format
}

/** Written to a sibling temporary file and renamed: an interrupted run leaves no half-written report. */
function writeWhole(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, text)
  renameSync(temporary, file)
}

/** Each reporter but the text one is imported only when a flag asks for it: most runs use none. */
export async function buildReporters(options: {
  flags: ReporterFlags
  env: NodeJS.ProcessEnv
  cwd: string
  console: Console
  /** The text reporter of the command (playbook or ad hoc) on the given output. */
  text: (out: TextOutput) => Reporter
  now?: () => Date
  /** Secrets out of report files too (the console is already redacting). */
  redact?: (text: string) => string
}): Promise<RunReporters> {
  const { flags, env, cwd, console } = options
  const redact = options.redact ?? ((text: string) => text)
  const now = options.now ?? (() => new Date())
  const started = now().getTime()
  const reporters: Reporter[] = []
  if (outputFormat(flags, env) === 'json') {
    const { JsonLinesReporter } = await import('../output/json-lines.js')
    reporters.push(new JsonLinesReporter((line) => console.stdout.write(line), now))
  } else if (console.terminal && !truthy(env.CI)) {
    const { belowStatus, ProgressReporter, StatusLine } = await import('../output/progress.js')
    const status = new StatusLine(console.stdout)
    reporters.push(new ProgressReporter(status), options.text(belowStatus(console.stdout, status)))
  } else {
    reporters.push(options.text(console.stdout))
  }
  const junit = flags.junit ? new (await import('../output/junit.js')).JUnitReporter(now) : undefined
  const summary = flags.summary ? new (await import('../output/summary.js')).SummaryReporter() : undefined
  if (junit) reporters.push(junit)
  if (summary) reporters.push(summary)
  if (env.GITHUB_ACTIONS === 'true') reporters.push(new (await import('../output/github.js')).GitHubAnnotationReporter(console.stderr, cwd))
  const group = new ReporterGroup(reporters)
  let finished = false
  return {
    reporter: group,
    finish({ exitCode, interrupted }) {
      if (finished) return
      finished = true
      const durationMs = now().getTime() - started
      group.handle({ type: 'run_end', exitCode, durationMs, interrupted })
      if (junit) writeWhole(resolve(cwd, flags.junit!), redact(junit.render()))
      if (summary) writeWhole(resolve(cwd, flags.summary!), redact(JSON.stringify(summary.summary({ exitCode, durationMs, interrupted }), null, 2) + '\n'))
    },
  }
}

/**
 * Runs with the reporters and always finishes them, with the exit code the run ends with:
 * 99 when interrupted, else the run's own code, else the error's.
 */
export async function runReported(
  reporters: RunReporters,
  signal: AbortSignal | undefined,
  run: (reporter: Reporter) => Promise<number>,
): Promise<number> {
  let exitCode: number = EXIT.unexpected
  try {
    const code = await run(reporters.reporter)
    exitCode = signal?.aborted ? EXIT.interrupted : code
    return exitCode
  } catch (error) {
    exitCode = signal?.aborted ? EXIT.interrupted : exitCodeForError(error)
    throw error
  } finally {
    reporters.finish({ exitCode, interrupted: Boolean(signal?.aborted) })
  }
}
