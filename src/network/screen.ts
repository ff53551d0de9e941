/**
 * Reading a device's terminal output: what a person would see once the pager's `--More--` and the
 * backspaces that erase it are gone, and whether the text ends in a prompt. Pure functions.
 */
import type { Platform } from './platform.js'

export interface PlatformPatterns {
  prompts: RegExp[]
  errors: RegExp[]
  pager: RegExp
  passwordPrompt?: RegExp
  privileged?: RegExp
}

export function compilePatterns(platform: Platform): PlatformPatterns {
  return {
    prompts: platform.prompts.map((p) => new RegExp(p)),
    errors: platform.errors.map((p) => new RegExp(p)),
    pager: new RegExp(platform.pager.prompt),
    passwordPrompt: platform.enable ? new RegExp(platform.enable.passwordPrompt) : undefined,
    privileged: platform.enable ? new RegExp(platform.enable.privilegedPrompt) : undefined,
  }
}

/**
 * Terminal text as shown: a backspace erases the character before it (the pager wipes its
 * `--More--` that way), NULs and bells go, and line ends become `\n`.
 */
export function cleanScreen(text: string): string {
  let out = ''
  for (const ch of text) {
    if (ch === '\b') out = out.slice(0, -1)
    else if (ch !== '\0' && ch !== '\x07') out += ch
  }
  return out.replace(/\r+\n/g, '\n').replace(/\n\r+/g, '\n').replace(/\r/g, '\n')
}

/** The last line of the text, where a prompt would be. */
export function lastLine(text: string): string {
  const at = text.lastIndexOf('\n')
  return at === -1 ? text : text.slice(at + 1)
}

/**
 * The prompt, when the text ends in one. The whole last line must be the prompt, so output that
 * merely ends in `#` or `>` (`banner motd #hi#`, cut off by a packet boundary) is not taken for one.
 */
export function endsWithPrompt(text: string, patterns: PlatformPatterns): string | undefined {
  const line = lastLine(text)
  const isPrompt = patterns.prompts.some((p) => {
    const match = p.exec(line)
    return match !== null && line.slice(0, match.index).trim() === ''
  })
  return isPrompt ? line.trim() : undefined
}

/**
 * A command's response as Ansible returns it: the echoed command line and the closing prompt
 * removed, the pager's traces gone, trailing blank lines stripped.
 */
export function responseText(screen: string, command: string, pager: RegExp): string {
  const lines = screen.split('\n')
  if (lines.length && lines[0]!.trim().endsWith(command.trim())) lines.shift()
  lines.pop() // the prompt
  const withoutPager = lines.map((l) => l.replace(new RegExp(pager.source.replace(/\$$/, ''), 'g'), '').replace(/^\s+$/, ''))
  return withoutPager.join('\n').replace(/\s+$/, '')
}

export function findError(response: string, patterns: PlatformPatterns): boolean {
  return patterns.errors.some((p) => p.test(response))
}
