import { execFile } from 'node:child_process'
import { readFile, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { basename, extname, resolve } from 'node:path'
import { OptionsError } from '../errors.js'
import { DEFAULT_VAULT_ID, isVaultedText } from './envelope.js'
import { VaultFailureError } from './errors.js'
import type { VaultSecret } from './secret.js'
import { decryptVault } from './vault-text.js'

export interface SecretSourceOptions {
  /** `--vault-id [label@]source` values in command-line order; source is a path or `prompt`. */
  vaultIds?: readonly string[]
  /** `--vault-password-file` values. */
  passwordFiles?: readonly string[]
  /** `--ask-vault-pass`. */
  askVaultPass?: boolean
  /** Configured identities (ANSIBLE_VAULT_IDENTITY_LIST), tried before the command line's. */
  defaultIdentityList?: readonly string[]
  /** Configured password file (DROVER_/ANSIBLE_VAULT_PASSWORD_FILE), read in addition to the flags. */
  defaultPasswordFile?: string
  /** Prompt when no source is given at all (ansible-vault does; ansible-playbook does not). */
  autoPrompt?: boolean
  /** The password is for encrypting: prompts ask for a new one twice. */
  newPassword?: boolean
  /** Reads a password without echo; throws NoTerminalError when there is no terminal. */
  prompt?: (question: string) => Promise<string>
  /** Where a source that fails while others succeed is reported (Ansible warns and goes on). */
  warn?: (message: string) => void
  /** Relative password-file paths resolve against this (default: process.cwd()). */
  cwd?: string
}

export interface VaultDefaults {
  defaultPasswordFile?: string
  defaultIdentityList?: string[]
  idMatch?: boolean
}

/** The environment's vault settings; DROVER_* wins over ANSIBLE_*. */
export function vaultDefaultsFromEnv(env: NodeJS.ProcessEnv): VaultDefaults {
  const pick = (name: string): string | undefined => env[`DROVER_${name}`] || env[`ANSIBLE_${name}`] || undefined
  const out: VaultDefaults = {}
  const file = pick('VAULT_PASSWORD_FILE')
  if (file) out.defaultPasswordFile = file
  const list = pick('VAULT_IDENTITY_LIST')
  if (list) out.defaultIdentityList = list.split(',').map((s) => s.trim()).filter(Boolean)
  const match = pick('VAULT_ID_MATCH')
  if (match) out.idMatch = ['1', 'true', 'yes', 'on', 'y', 't'].includes(match.toLowerCase())
  return out
}

const ASK = 'prompt_ask_vault_pass'

/** `label@source` → [label, source]; without '@' the whole string is the source. */
export function splitVaultId(slug: string): [string | undefined, string] {
  const at = slug.indexOf('@')
  return at < 0 ? [undefined, slug] : [slug.slice(0, at), slug.slice(at + 1)]
}

/**
 * Load the secrets the options name, in Ansible's order (configured identities, --vault-id,
 * password files, then a prompt). A source that fails is warned about and skipped; the last
 * failure is thrown only if no source worked. Prompt failures are thrown at once.
 */
export async function loadVaultSecrets(opts: SecretSourceOptions): Promise<VaultSecret[]> {
  const slugs = [...(opts.defaultIdentityList ?? []), ...(opts.vaultIds ?? [])]
  for (const slug of slugs) {
    if (slug.includes(';')) throw new OptionsError(`'${slug}' is not a valid vault id. The character ';' is not allowed in vault ids`)
  }
  const files = [...(opts.passwordFiles ?? [])]
  if (opts.defaultPasswordFile) files.push(opts.defaultPasswordFile)
  for (const file of files) slugs.push(`${DEFAULT_VAULT_ID}@${file}`)
  if (opts.askVaultPass || (slugs.length === 0 && opts.autoPrompt)) slugs.push(`${DEFAULT_VAULT_ID}@${ASK}`)

  const secrets: VaultSecret[] = []
  let lastError: unknown
  for (const slug of slugs) {
    const [label, source] = splitVaultId(slug)
    const id = label || DEFAULT_VAULT_ID
    if (source === 'prompt' || source === ASK) {
      secrets.push({ id, bytes: await promptForSecret(id, source === ASK, opts) })
      continue
    }
    try {
      secrets.push({ id, bytes: await readSecretSource(source, label, secrets, opts.cwd) })
    } catch (err) {
      if (!(err instanceof VaultFailureError)) throw err
      opts.warn?.(`Error getting vault password file (${id}): ${err.message}`)
      lastError = err
    }
  }
  if (secrets.length === 0 && lastError) throw lastError
  return secrets
}

async function promptForSecret(id: string, ask: boolean, opts: SecretSourceOptions): Promise<Buffer> {
  if (!opts.prompt) throw new VaultFailureError('secret-source', `a vault password prompt (${id}) was asked for, but no prompt is available`)
  const questions = opts.newPassword
    ? ask ? ['New Vault password: ', 'Confirm New Vault password: '] : [`New vault password (${id}): `, `Confirm new vault password (${id}): `]
    : ask ? ['Vault password: '] : [`Vault password (${id}): `]
  const answers: string[] = []
  for (const question of questions) {
    const answer = await opts.prompt(question)
    if (!answer) throw new VaultFailureError('secret-source', 'Invalid vault password was provided')
    answers.push(pyStrip(answer))
  }
  if (answers.some((a) => a !== answers[0])) throw new VaultFailureError('secret-source', 'Passwords do not match')
  return Buffer.from(answers[0]!, 'utf8')
}

/** A password file's content, or the output of an executable password file. */
export async function readSecretSource(path: string, label: string | undefined, known: readonly VaultSecret[] = [], cwd = process.cwd()): Promise<Buffer> {
  const full = resolve(cwd, path.startsWith('~/') || path === '~' ? homedir() + path.slice(1) : path)
  const info = await stat(full).catch(() => undefined)
  if (!info) throw new VaultFailureError('secret-source', `The vault password file ${full} was not found`, { file: full })
  // Ansible's loader.is_executable: any execute bit on a regular file means "run it".
  if (info.isFile() && (info.mode & 0o111) !== 0) return runPasswordScript(full, label)
  let content: Buffer
  try {
    content = pyStripBytes(await readFile(full))
  } catch (err) {
    throw new VaultFailureError('secret-source', `Could not read vault password file ${full}: ${(err as Error).message}`, { file: full })
  }
  // A password file may itself be vaulted with a secret loaded before it.
  if (isVaultedText(content)) content = decryptVault(content, known, { file: full }).plaintext
  const password = stripCrLf(content)
  if (password.length === 0) throw new VaultFailureError('secret-source', `Invalid vault password was provided from file (${full})`, { file: full })
  return password
}

/** A script named `*-client[.ext]` is asked for a particular id with `--vault-id LABEL`. */
export function isClientScript(path: string): boolean {
  const name = basename(path)
  return name.slice(0, name.length - extname(name).length).endsWith('-client')
}

const UNKNOWN_ID_RC = 2

function runPasswordScript(path: string, label: string | undefined): Promise<Buffer> {
  const client = isClientScript(path)
  const args = client && label ? ['--vault-id', label] : []
  return new Promise((done, fail) => {
    // execFile runs the program directly: no shell ever sees the path or the vault id.
    execFile(path, args, { encoding: 'buffer', maxBuffer: 1 << 20, windowsHide: true }, (err, stdout, stderr) => {
      const errText = stderr.toString('utf8').trim()
      if (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (typeof code === 'string') {
          fail(new VaultFailureError('secret-source', `Problem running vault password script ${path} (${err.message}). If this is not a script, remove the executable bit from the file.`, { file: path }))
        } else if (client && code === UNKNOWN_ID_RC) {
          fail(new VaultFailureError('secret-source', `Vault password client script ${path} did not find a secret for vault-id=${label}: ${errText}`, { file: path }))
        } else {
          fail(new VaultFailureError('secret-source', `Vault password script ${path} returned non-zero (${code ?? err.signal}): ${errText}`, { file: path }))
        }
        return
      }
      const password = stripCrLf(stdout)
      if (password.length === 0) {
        fail(new VaultFailureError('secret-source', `Invalid vault password was provided from script (${path})`, { file: path }))
        return
      }
      done(password)
    })
  })
}

const PY_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d])

/** Python's bytes.strip(): ASCII whitespace only, never the content's other bytes. */
function pyStripBytes(data: Buffer): Buffer {
  let start = 0
  let end = data.length
  while (start < end && PY_WHITESPACE.has(data[start]!)) start++
  while (end > start && PY_WHITESPACE.has(data[end - 1]!)) end--
  return data.subarray(start, end)
}

function pyStrip(text: string): string {
  return pyStripBytes(Buffer.from(text, 'utf8')).toString('utf8')
}

/** bytes.strip(b'\r\n'): what Ansible does to a script's output (spaces are kept). */
function stripCrLf(data: Buffer): Buffer {
  let start = 0
  let end = data.length
  while (start < end && (data[start] === 0x0a || data[start] === 0x0d)) start++
  while (end > start && (data[end - 1] === 0x0a || data[end - 1] === 0x0d)) end--
  return data.subarray(start, end)
}
