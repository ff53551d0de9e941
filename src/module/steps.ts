/**
 * Turns a plan's steps into one shell script, sent as one frame. Files are written to a temp file
 * beside the destination and renamed over it, so a dropped connection never leaves half a file.
 */
import { randomBytes } from 'node:crypto'
import { inlineCommand } from '../connection/shell-session.js'
import { commandLine, isShellBuiltin, quote } from './shell.js'
import type { Step } from './types.js'

/** The random suffix of a write's temp file, as writeStep makes it (the scale simulator ignores it). */
export const RANDOM_TEMP_SUFFIX = /\.drover-[0-9a-f]{16}/g

/** Up to this size, text content travels as a quoted `printf` argument: no `base64 -d` process. */
const PLAIN_TEXT_MAX = 64 * 1024
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** The content as text when the shell can carry it verbatim in single quotes (UTF-8, no NUL). */
function plainText(content: Buffer | string): string | undefined {
  const bytes = Buffer.from(content)
  if (bytes.length > PLAIN_TEXT_MAX || bytes.includes(0)) return undefined
  if (typeof content === 'string') return content
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return undefined
  }
}

function writeStep(step: Extract<Step, { kind: 'write' }>, index: number): string {
  const tmp = `"$drover_tmp${index}"`
  const chown = step.owner || step.group ? `chown ${quote(`${step.owner ?? ''}${step.group ? `:${step.group}` : ''}`)} ${tmp} &&\n  ` : ''
  const text = plainText(step.content)
  const encoded = text === undefined ? Buffer.from(step.content).toString('base64').replace(/(.{76})/g, '$1\n') : ''
  // The here-document's body starts on the line after `<<`, and its terminator must stand alone on
  // its line: so the `&&` goes on the `<<` line and the next command follows the terminator.
  const decode = (redirect: string) =>
    text !== undefined
      ? `printf '%s' ${quote(text)} ${redirect} ${tmp} &&\n  `
      : `base64 -d ${redirect} ${tmp} <<'DROVER_CONTENT_${index}' &&\n${encoded}\nDROVER_CONTENT_${index}\n  `
  if (step.mode && (parseInt(step.mode, 8) & 0o200) !== 0) {
    // No mktemp: the shell creates the temp file itself, exclusively (`set -C`: O_EXCL for a path
    // that does not exist), under a random name. Its mode is set while it is still empty, so the
    // content is never readable by more than the final mode allows; the owner can still write it.
    const name = `${step.path.startsWith('-') ? './' : ''}${step.path}.drover-${randomBytes(8).toString('hex')}`
    return (
      `{ drover_tmp${index}=${quote(name)}; set -C; if true > ${tmp}; then set +C; ` +
      `{ chmod ${quote(step.mode)} ${tmp} &&\n  ${decode('>>')}${chown}mv -f ${tmp} ${quote(step.path)}; } || { rm -f ${tmp}; false; }; ` +
      'else set +C; false; fi; }'
    )
  }
  const lines = [
    `drover_tmp${index}=$(mktemp ${quote(`${step.path.startsWith('-') ? './' : ''}${step.path}.drover-XXXXXX`)})`,
    `${decode('>')}true`,
  ]
  if (step.mode) lines.push(`chmod ${quote(step.mode)} ${tmp}`)
  // mktemp creates 0600: without an explicit mode, keep the mode of the file being replaced, or 0644 for a new one.
  else lines.push(`if [ -e ${quote(step.path)} ]; then chmod "$(stat -c %a ${quote(step.path)})" ${tmp}; else chmod 0644 ${tmp}; fi`)
  lines.push(`${chown}mv -f ${tmp} ${quote(step.path)}`)
  return `{ ${lines.join(' &&\n  ')}; } || { rm -f ${tmp}; false; }`
}

/**
 * A step with its own failure message marks its start on stderr (so its own stderr can be told
 * from the earlier steps'), and marks its failure on stdout.
 */
const STEP_MARK = '@@drover-step:'

function execStep(step: Extract<Step, { kind: 'exec' }>, index: number): string {
  const command = commandLine(step.argv)
  if (step.onFailure === 'ignore') return `{ ${command} || true; }`
  const mark = `printf '\\n${STEP_MARK}%d\\n' ${index}`
  if (step.onFailure) return `{ ${mark} >&2; ${command} || { ${mark}; false; }; }`
  return command
}

/** One script for all steps; it stops at the first failing step and exits non-zero. */
export function stepsScript(steps: readonly Step[]): string {
  return steps.map((step, index) => (step.kind === 'exec' ? execStep(step, index) : writeStep(step, index))).join(' &&\n')
}

/**
 * The apply frame's command: the steps, then the after-change probe if any. It runs in the session
 * shell itself (see inlineCommand) unless a step names a shell builtin: each subshell is a fork,
 * which costs the host about as much as starting a program.
 */
export function applyCommand(steps: readonly Step[], after?: string): string {
  const script = after === undefined ? stepsScript(steps) : `${stepsScript(steps)} &&\n{\n${after}\ntrue\n}`
  const inline = steps.every((step) => step.kind !== 'exec' || !isShellBuiltin(step.argv[0]!))
  return inline ? inlineCommand(script) : script
}

/** The message a failed steps script earns from the step that failed, when that step has one. */
export function failedStepMessage(steps: readonly Step[], stdout: string, stderr: string): string | undefined {
  const at = stdout.lastIndexOf(`\n${STEP_MARK}`)
  if (at < 0) return undefined
  const index = Number.parseInt(stdout.slice(at + STEP_MARK.length + 1), 10)
  const step = steps[index]
  if (step?.kind !== 'exec' || !step.onFailure || step.onFailure === 'ignore') return undefined
  if (!step.onFailure.stderr) return step.onFailure.msg
  const start = `\n${STEP_MARK}${index}\n`
  const own = stderr.lastIndexOf(start)
  return `${step.onFailure.msg}: ${own < 0 ? stderr : stepsStderr(stderr.slice(own + start.length))}`
}

/** The steps' stderr without the marks of steps that have their own failure message. */
export function stepsStderr(stderr: string): string {
  return stderr.replace(new RegExp(`\\n${STEP_MARK}\\d+\\n`, 'g'), '')
}
