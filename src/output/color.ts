/** Ansible's colour names and defaults ([colors] section), applied per line as it does. */
export const ANSI: Record<string, string> = {
  black: '0;30', red: '0;31', green: '0;32', yellow: '0;33', blue: '0;34', purple: '0;35', cyan: '0;36',
  'bright gray': '0;37', 'dark gray': '1;30', 'bright red': '1;31', 'bright green': '1;32',
  'bright yellow': '1;33', 'bright blue': '1;34', 'bright purple': '1;35', 'bright cyan': '1;36', white: '1;37',
}

export const COLORS = {
  ok: 'green', changed: 'yellow', error: 'red', skip: 'cyan', unreachable: 'bright red', warn: 'bright purple',
  deprecate: 'purple', debug: 'dark gray', verbose: 'blue', highlight: 'white',
  diffAdd: 'green', diffRemove: 'red', diffLines: 'cyan',
} as const

export type Colorize = (text: string, color?: string) => string

export function makeColorize(enabled: boolean): Colorize {
  if (!enabled) return (text) => text
  return (text, color) => {
    if (!color) return text
    const code = ANSI[color] ?? (/^color(\d+)$/.exec(color) ? `38;5;${color.slice(5)}` : undefined)
    if (!code) return text
    return text.split('\n').map((line) => `\u001b[${code}m${line}\u001b[0m`).join('\n')
  }
}

/** Colour is on for a terminal; NO_COLOR/nocolor turns it off; FORCE_COLOR wins over both. */
export function colorEnabled(options: { isTTY: boolean; noColor: boolean; forceColor: boolean }): boolean {
  if (options.forceColor) return true
  if (options.noColor) return false
  return options.isTTY
}
