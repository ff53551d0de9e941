/** The CLI's run: the program, its errors and Ctrl-C; the only place that sets the process exit code (main.ts loads it). */
import { CommanderError } from 'commander'
import { DroverError } from '../errors.js'
import { createConsole } from './console.js'
import { EXIT, exitCodeForError } from './exit-codes.js'
import { buildProgram } from './program.js'

async function main(argv: string[], signal: AbortSignal): Promise<number> {
  let exitCode: number = EXIT.ok
  const environment = { env: process.env, cwd: process.cwd(), signal }
  const program = buildProgram(environment, (code) => {
    exitCode = code
  })
  program.exitOverride()
  for (const command of program.commands) command.exitOverride()
  const verbose = argv.some((a) => /^-v{3,}$/.test(a))
  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors exit 2, as argparse does for ansible.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    const console = createConsole({ noColor: Boolean(process.env.NO_COLOR || process.env.ANSIBLE_NOCOLOR), forceColor: false })
    if (error instanceof DroverError) {
      console.error(error.located)
      if (verbose && error.stack) process.stderr.write(error.stack + '\n')
    } else {
      console.error(`Unexpected Exception, this is probably a bug: ${(error as Error)?.message ?? String(error)}`)
      process.stderr.write(`${(error as Error)?.stack ?? ''}\n`)
    }
    return exitCodeForError(error)
  }
}

/**
 * Exits once stdout and stderr have taken everything written to them (reports are written with
 * writeFileSync). What may remain then is each sshd tearing down its session after our
 * disconnect, which needs nothing more from us (ansible-playbook leaves its ControlPersist masters
 * behind): waiting for it cost ~0.15 s of wall time after the recap on 20 busy hosts.
 */
function exitWhenWritten(code: number): void {
  const pending = [process.stdout, process.stderr].filter((stream) => stream.writableLength > 0)
  if (pending.length === 0) process.exit(code)
  void Promise.all(pending.map((stream) => new Promise((resolve) => stream.once('drain', resolve)))).then(() => process.exit(code))
}

/**
 * Ctrl-C: the first aborts the run's signal (no new task starts, running commands finish, the
 * recap prints, connections close, exit 99); a second one exits at once.
 */
const interrupt = new AbortController()
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) {
    process.stderr.write('ERROR! User interrupted execution\n')
    process.exit(EXIT.interrupted)
  }
  process.stderr.write('\n[drover] interrupted: waiting for running tasks to finish (Ctrl-C again to stop now)\n')
  interrupt.abort()
})

main(process.argv.slice(2), interrupt.signal).then(
  (code) => {
    if (interrupt.signal.aborted) process.stderr.write('ERROR! User interrupted execution\n')
    exitWhenWritten(interrupt.signal.aborted ? EXIT.interrupted : code)
  },
  (error: unknown) => {
    process.stderr.write(`ERROR! ${String(error)}\n`)
    process.exitCode = EXIT.unexpected
  },
)
