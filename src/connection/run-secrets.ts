/**
 * The run's connection secrets and pool settings: `-k` / `-K` are asked once at the start (as
 * Ansible does), password files are read instead when configured, and key passphrases are asked
 * lazily, only if an encrypted key is met.
 */
import type { Settings } from '../config/settings.js'
import type { PoolOptions } from './pool.js'
import { readSecretFile } from './secrets.js'

export interface RunSecrets {
  /** `-k` or connection_password_file: for hosts without ansible_password. */
  connectionPassword?: string
  /** `-K` or become_password_file: for become without ansible_become_password. */
  becomePassword?: string
}

export interface SecretFlags {
  askPass?: boolean
  askBecomePass?: boolean
}

export async function gatherRunSecrets(settings: Settings, flags: SecretFlags, prompt: (question: string) => Promise<string>): Promise<RunSecrets> {
  const secrets: RunSecrets = {}
  if (settings.connectionPasswordFile) secrets.connectionPassword = readSecretFile(settings.connectionPasswordFile, 'connection password')
  else if (flags.askPass) secrets.connectionPassword = await prompt('SSH password: ')
  if (settings.becomePasswordFile) secrets.becomePassword = readSecretFile(settings.becomePasswordFile, 'become password')
  else if (flags.askBecomePass) {
    const answer = await prompt(flags.askPass ? 'BECOME password[defaults to SSH password]: ' : 'BECOME password: ')
    secrets.becomePassword = answer === '' && flags.askPass ? secrets.connectionPassword : answer
  }
  return secrets
}

export function poolOptions(settings: Settings, env: NodeJS.ProcessEnv, secrets: RunSecrets, prompt?: (question: string) => Promise<string>): PoolOptions {
  return {
    hostKeys: { checking: settings.hostKeyChecking, files: [settings.knownHostsFile] },
    env,
    retries: settings.sshRetries,
    sshConfigFile: settings.sshConfigFile,
    password: secrets.connectionPassword,
    passphraseFile: settings.privateKeyPassphraseFile,
    askPassphrase: prompt,
  }
}
