/** Where the CLI writes: results to stdout, warnings and errors to stderr, coloured as Ansible does. */
import { colorEnabled, COLORS, makeColorize, type Colorize } from '../output/color.js'
import type { TextOutput } from '../output/default.js'
import { wrapText } from '../output/text-wrap.js'

export interface Console {
  stdout: TextOutput
  /** stdout is a terminal (progress lines are possible). */
  terminal: boolean
  /** Raw writes to stderr (CI annotations). */
  stderr: (text: string) => void
  colorize: Colorize
  warn(message: string): void
  error(message: string): void
}

export function createConsole(options: { noColor: boolean; forceColor: boolean; stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream }): Console {
  const out = options.stdout ?? process.stdout
  const err = options.stderr ?? process.stderr
  const colorize = makeColorize(colorEnabled({ isTTY: Boolean(out.isTTY), noColor: options.noColor, forceColor: options.forceColor }))
  const errColorize = makeColorize(colorEnabled({ isTTY: Boolean(err.isTTY), noColor: options.noColor, forceColor: options.forceColor }))
  return {
    stdout: { write: (text) => void out.write(text), columns: out.isTTY ? out.columns : undefined },
    terminal: Boolean(out.isTTY),
    stderr: (text) => void err.write(text),
    colorize,
    // Ansible's Display wraps warnings to the terminal's width, or 79 columns when stdout is not a terminal.
    warn: (message) => {
      const width = Math.max(79, (out.isTTY ? out.columns : 0) - 1)
      for (const line of wrapText(`[WARNING]: ${message}`, { width })) err.write(errColorize(line, COLORS.warn) + '\n')
    },
    error: (message) => void err.write(errColorize(`ERROR! ${message}`, COLORS.error) + '\n'),
  }
}
