#!/usr/bin/env node
/** Entry point: runs the program and is the only place that sets the process exit code. */
import { CommanderError } from 'commander'
import { DroverError } from '../errors.js'
import { createConsole } from './console.js'
import { EXIT, exitCodeForError } from './exit-codes.js'
import { buildProgram } from './program.js'

async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok
  const environment = { env: process.env, cwd: process.cwd() }
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

let interrupted = false
process.on('SIGINT', () => {
  if (interrupted) process.exit(EXIT.interrupted)
  interrupted = true
  process.stderr.write('ERROR! User interrupted execution\n')
  process.exit(EXIT.interrupted)
})

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`ERROR! ${String(error)}\n`)
    process.exitCode = EXIT.unexpected
  },
)
