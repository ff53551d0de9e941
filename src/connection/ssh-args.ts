/**
 * `ansible_ssh_common_args` / `ansible_ssh_extra_args`: the ssh command-line options drover can
 * honour, turned into ssh_config options that take precedence over the config files (as `-o` does).
 */
import { splitWords, type SshOption } from './ssh-config.js'

export interface SshArgs {
  options: SshOption[]
  /** `-F file`: a config file to read instead of ~/.ssh/config. */
  configFile?: string
  /** Options drover does not implement (reported at -vvv by the caller, never silently trusted). */
  ignored: string[]
}

const FLAG_OPTIONS: Record<string, string> = { '-J': 'proxyjump', '-i': 'identityfile', '-p': 'port', '-l': 'user' }
/** Flags without a value that change nothing drover does (tty, agent forwarding, compression…). */
const VALUELESS = /^-[46AaCfGgKkMNnqsTtVvXxYy]+$/

export function parseSshArgs(text: string | undefined): SshArgs {
  const result: SshArgs = { options: [], ignored: [] }
  if (!text) return result
  const words = splitWords(text)
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!
    const flag = word.slice(0, 2)
    const attached = word.length > 2 ? word.slice(2) : undefined
    if (flag === '-o') {
      const value = attached ?? words[++i] ?? ''
      const match = /^\s*([A-Za-z]+)\s*(?:=|\s)\s*(.*)$/.exec(value)
      if (match) result.options.push([match[1]!.toLowerCase(), match[2]!.trim()])
    } else if (flag in FLAG_OPTIONS) {
      result.options.push([FLAG_OPTIONS[flag]!, attached ?? words[++i] ?? ''])
    } else if (flag === '-F') {
      result.configFile = attached ?? words[++i]
    } else if (!VALUELESS.test(word)) {
      result.ignored.push(word)
    }
  }
  return result
}
