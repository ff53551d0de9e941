/**
 * What every connection of one run would otherwise parse again: the ssh config file and the
 * private key files. The pool keeps one for the run, so twenty hosts parse each file once; without
 * one (tests, one-off callers) every connection reads the files itself. A file that changes during
 * the run (a play that writes ~/.ssh/config or generates a key) is read again, as ssh would.
 */
import { readFileSync, statSync } from 'node:fs'
import type { ParsedKey } from 'ssh2'
import { loadSshConfig, parseSshConfig, type SshConfig } from './ssh-config.js'

export class ConnectCache {
  /** Parsed configs by path, for the text they were parsed from. */
  private readonly configs = new Map<string, { text: string; config: SshConfig }>()
  /** A key file's parsed key (null: the file does not exist), for the file's identity then. Errors are never kept. */
  private readonly keys = new Map<string, { identity: string; loaded: Promise<ParsedKey | null> }>()

  /**
   * The config at `file`, parsed again only when its text changed. A config with Include lines is
   * parsed every time: the files it includes may change on their own.
   */
  sshConfig(file: string, home: string): SshConfig {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      return loadSshConfig(file, home)
    }
    if (/^\s*include\b/im.test(text)) return parseSshConfig(text, file, home)
    const key = `${home}\0${file}`
    const cached = this.configs.get(key)
    if (cached?.text === text) return cached.config
    const config = parseSshConfig(text, file, home)
    this.configs.set(key, { text, config })
    return config
  }

  key(path: string, load: () => Promise<ParsedKey | null>): Promise<ParsedKey | null> {
    const identity = fileIdentity(path)
    const cached = this.keys.get(path)
    if (cached?.identity === identity) return cached.loaded
    const loaded = load()
    this.keys.set(path, { identity, loaded })
    // A failure (unreadable, wrong passphrase) is reported for each host that asks, as before.
    loaded.catch(() => {
      if (this.keys.get(path)?.loaded === loaded) this.keys.delete(path)
    })
    return loaded
  }
}

function fileIdentity(path: string): string {
  try {
    const stat = statSync(path)
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`
  } catch {
    return 'missing'
  }
}
