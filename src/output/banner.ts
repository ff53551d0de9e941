/** `TASK [name] ****…`: the message, a space, and stars up to the terminal width (80 columns when piped). */
export function banner(message: string, terminalColumns: number | undefined): string {
  const columns = Math.max(79, (terminalColumns ?? 0) - 1)
  const text = message.trim()
  const stars = Math.max(3, columns - text.length)
  return `\n${text} ${'*'.repeat(stars)}`
}
