/**
 * Runs one command line on a host and shapes the result the way Ansible's command and shell
 * modules return it (rc, stdout/stderr with one trailing newline stripped, *_lines, start/end/delta).
 */
import type { ModuleContext, ModuleResult, PropertySchema, ReturnValue } from './types.js'
import { inlineCommand } from '../connection/shell-session.js'
import { inDirectory, quoteGlob } from './shell.js'

export interface CommandRun {
  line: string
  /** `line` is one program and its quoted arguments (command, not shell): it may run without a subshell. */
  program?: boolean
  /** What the result reports as `cmd`: the argv list for command, the text for shell. */
  cmd: unknown
  chdir?: string
  creates?: string
  removes?: string
  stdin?: string
  stdinAddNewline?: boolean
  stripEmptyEnds?: boolean
}

/** Ansible's timestamp shape: `2026-11-23 20:00:16.952352`, local time. */
export function pythonTimestamp(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}000`
  )
}

/** Python's `str(timedelta)`: `0:00:00.028166`. */
export function pythonDelta(ms: number): string {
  const totalMicro = Math.max(0, Math.round(ms * 1000))
  const hours = Math.floor(totalMicro / 3_600_000_000)
  const minutes = Math.floor((totalMicro % 3_600_000_000) / 60_000_000)
  const seconds = Math.floor((totalMicro % 60_000_000) / 1_000_000)
  const micro = totalMicro % 1_000_000
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}.${String(micro).padStart(6, '0')}`
}

function stripTrailingNewline(text: string, stripEmptyEnds: boolean): string {
  return stripEmptyEnds ? text.replace(/[\r\n]+$/, '') : text
}

/**
 * Status 0 when something matches the glob (relative to chdir), 1 when nothing does. Without
 * chdir it runs in the session shell itself (no `exit`, `drover_` variables): no process at all.
 */
function existsProbe(pattern: string, chdir?: string): string {
  const loop = `drover_r=1; for drover_f in ${quoteGlob(pattern)}; do if [ -e "$drover_f" ] || [ -L "$drover_f" ]; then drover_r=0; break; fi; done; [ "$drover_r" = 0 ]`
  return chdir ? inDirectory(chdir, `{ ${loop}; }`) : inlineCommand(loop)
}

export async function runCommand(run: CommandRun, context: ModuleContext): Promise<ModuleResult> {
  const should = context.check ? 'Would' : 'Did'
  const base: ModuleResult = { changed: false, cmd: run.cmd, rc: null, stdout: '', stderr: '', start: null, end: null, delta: null, msg: '' }
  // creates/removes are checked first, so an unchanged task costs only this one probe.
  if (run.creates !== undefined) {
    const probe = await context.connection.exec(existsProbe(run.creates, run.chdir))
    if (probe.rc === 0) return withLines({ ...base, rc: 0, msg: `${should} not run command since '${run.creates}' exists`, stdout: `skipped, since ${run.creates} exists` })
  }
  if (run.removes !== undefined) {
    const probe = await context.connection.exec(existsProbe(run.removes, run.chdir))
    if (probe.rc !== 0) return withLines({ ...base, rc: 0, msg: `${should} not run command since '${run.removes}' does not exist`, stdout: `skipped, since ${run.removes} does not exist` })
  }
  if (context.check) {
    const predicted = run.creates !== undefined || run.removes !== undefined
    return withLines({ ...base, rc: 0, msg: 'Command would have run if not in check mode', changed: predicted, ...(predicted ? {} : { skipped: true }) })
  }
  const started = new Date()
  const startedAt = performance.now()
  const stdin = run.stdin === undefined ? undefined : run.stdin + (run.stdinAddNewline === false ? '' : '\n')
  // A program needs no subshell of its own: the session shell starts it as it starts any other
  // (dash: vfork and exec), where a subshell would cost the host a full fork first.
  const inline = run.program === true && run.chdir === undefined && stdin === undefined
  const result = await context.connection.exec(inline ? inlineCommand(run.line) : inDirectory(run.chdir, run.line), { stdin })
  const elapsed = performance.now() - startedAt
  const ended = new Date(started.getTime() + elapsed)
  const strip = run.stripEmptyEnds !== false
  const out: ModuleResult = {
    ...base,
    changed: true,
    rc: result.rc,
    stdout: stripTrailingNewline(result.stdout.toString('utf8'), strip),
    stderr: stripTrailingNewline(result.stderr.toString('utf8'), strip),
    start: pythonTimestamp(started),
    end: pythonTimestamp(ended),
    delta: pythonDelta(elapsed),
  }
  if (result.rc !== 0) Object.assign(out, { failed: true, msg: 'non-zero return code' })
  return withLines(out)
}

/** Ansible adds stdout_lines/stderr_lines to any result that has stdout/stderr. */
export function withLines(result: ModuleResult): ModuleResult {
  if (typeof result.stdout === 'string' && result.stdout_lines === undefined) result.stdout_lines = splitLines(result.stdout)
  if (typeof result.stderr === 'string' && result.stderr_lines === undefined) result.stderr_lines = splitLines(result.stderr)
  return result
}

/** Python's str.splitlines for the line breaks that matter in command output. */
export function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split(/\r\n|\r|\n/)
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** The arguments command, shell and script share, documented once. */
export const COMMAND_COMMON_PROPERTIES: Record<string, PropertySchema> = {
  chdir: { type: 'string', description: 'Change into this directory before running the command.' },
  creates: { type: 'string', description: 'A filename or glob pattern. If it already exists, the command is not run.' },
  removes: { type: 'string', description: 'A filename or glob pattern. If it does not exist, the command is not run.' },
  stdin: { type: 'string', description: 'Text to send to the command on standard input.' },
  stdin_add_newline: { type: 'boolean', default: true, description: 'Append a newline to stdin.' },
}

/** What command and shell return (`cmd` is a list for command, the text for shell). */
export function commandReturns(cmd: ReturnValue): Record<string, ReturnValue> {
  return {
    cmd,
    rc: { type: 'int', description: 'The command exit code (0 means success).' },
    stdout: { type: 'str', description: 'The command standard output.' },
    stderr: { type: 'str', description: 'The command standard error.' },
    stdout_lines: { type: 'list', description: 'stdout split into lines.' },
    stderr_lines: { type: 'list', description: 'stderr split into lines.' },
    start: { type: 'str', description: 'When the command started.' },
    end: { type: 'str', description: 'When the command ended.' },
    delta: { type: 'str', description: 'How long the command ran.' },
    msg: { type: 'str', description: 'Why the command failed or did not run.' },
  }
}
