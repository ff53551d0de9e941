import { Command, Option } from 'commander'
import { OptionsError } from '../errors.js'
import {
  createVaultFile, decryptFiles, editorCommand, editVaultFile, encryptFiles, encryptText, formatVaultString,
  loadVaultSecrets, rekeyFiles, runEditor, vaultDefaultsFromEnv, viewFiles, writeFileAtomic,
  VaultFailureError, type VaultSecret, type VaultStreams,
} from '../vault/index.js'
import { promptLine, promptSecret } from './prompt.js'

/** Everything `drover vault` touches outside its files, injectable for tests. */
export interface VaultCliIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream
  env: NodeJS.ProcessEnv
  promptSecret(question: string): Promise<string>
  promptLine(question: string): Promise<string>
  /** Opens a file in $EDITOR and waits. */
  edit(path: string): Promise<void>
}

function defaultIO(env: NodeJS.ProcessEnv): VaultCliIO {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env,
    promptSecret: (q) => promptSecret(q),
    promptLine: (q) => promptLine(q),
    edit: (path) => runEditor(editorCommand(env, path), env),
  }
}

interface CommonOpts {
  vaultId?: string[]
  vaultPasswordFile?: string[]
  askVaultPassword?: boolean
  output?: string
  encryptVaultId?: string
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

function addCommon(cmd: Command): Command {
  return cmd
    .addOption(new Option('--vault-id <id>', 'the vault identity to use ([label@]file or [label@]prompt)').argParser(collect))
    .addOption(new Option('--vault-pass-file, --vault-password-file <file>', 'vault password file').argParser(collect).conflicts('askVaultPassword'))
    .addOption(new Option('--ask-vault-pass, --ask-vault-password', 'ask for vault password'))
    .addOption(new Option('-v, --verbose', 'accepted for compatibility with ansible-vault').argParser((_v, n: number = 0) => n + 1))
}

const addOutput = (cmd: Command): Command =>
  cmd.option('--output <file>', 'output file name for encrypt or decrypt; use - for stdout')
const addEncryptId = (cmd: Command): Command =>
  cmd.option('--encrypt-vault-id <id>', 'the vault id used to encrypt (required if more than one vault-id is provided)')

/** `drover vault …`: ansible-vault's subcommands, arguments and messages. */
export function vaultCommand(overrides: Partial<VaultCliIO> = {}): Command {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined))
  const io: VaultCliIO = { ...defaultIO(overrides.env ?? process.env), ...given }
  const cli = new VaultCli(io)
  const vault = new Command('vault')
    .description('encryption/decryption utility for Ansible Vault data files')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()

  const sub = (name: string, description: string): Command => {
    const cmd = new Command(name).description(description).argument('[file_name...]', 'Filename')
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
      .exitOverride()
    vault.addCommand(addCommon(cmd))
    return cmd
  }

  addEncryptId(sub('create', 'Create new vault encrypted file'))
    .action((files: string[], o: CommonOpts) => cli.create(files, o))
  addOutput(sub('decrypt', 'Decrypt vault encrypted file'))
    .action((files: string[], o: CommonOpts) => cli.decrypt(files, o))
  addEncryptId(sub('edit', 'Edit vault encrypted file'))
    .action((files: string[], o: CommonOpts) => cli.editFiles(files, o))
  sub('view', 'View vault encrypted file')
    .action((files: string[], o: CommonOpts) => cli.view(files, o))
  addEncryptId(addOutput(sub('encrypt', 'Encrypt YAML file')))
    .action((files: string[], o: CommonOpts) => cli.encrypt(files, o))

  const encryptString = new Command('encrypt-string').alias('encrypt_string').description('Encrypt a string')
    .argument('[string_to_encrypt...]', 'String to encrypt')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .option('-p, --prompt', 'Prompt for the string to encrypt')
    .option('--show-input', 'Do not hide input when prompted for the string to encrypt')
    .addOption(new Option('-n, --name <name>', 'Specify the variable name').argParser(collect))
    .option('--stdin-name <name>', 'Specify the variable name for stdin')
  vault.addCommand(addEncryptId(addOutput(addCommon(encryptString))))
  encryptString.action((strings: string[], o: EncryptStringOpts) => cli.encryptString(strings, o))

  addEncryptId(sub('rekey', 'Re-key a vault encrypted file'))
    .addOption(new Option('--new-vault-password-file <file>', 'new vault password file for rekey').conflicts('newVaultId'))
    .option('--new-vault-id <id>', 'the new vault identity to use for rekey')
    .action((files: string[], o: RekeyOpts) => cli.rekey(files, o))

  return vault
}

interface EncryptStringOpts extends CommonOpts {
  prompt?: boolean
  showInput?: boolean
  name?: string[]
  stdinName?: string
}

interface RekeyOpts extends CommonOpts {
  newVaultPasswordFile?: string
  newVaultId?: string
}

const FROM_STDIN = 'stdin'
const FROM_ARGS = 'the command line args'
const FROM_PROMPT = 'the interactive prompt'

class VaultCli {
  constructor(private readonly io: VaultCliIO) {}

  private get streams(): VaultStreams {
    return { readStdin: () => readAll(this.io.stdin), stdout: this.io.stdout }
  }

  private get defaults(): ReturnType<typeof vaultDefaultsFromEnv> & { encryptVaultId?: string } {
    const env = this.io.env
    return { ...vaultDefaultsFromEnv(env), encryptVaultId: env.DROVER_VAULT_ENCRYPT_IDENTITY || env.ANSIBLE_VAULT_ENCRYPT_IDENTITY || undefined }
  }

  private say(message: string): void {
    this.io.stderr.write(message.endsWith('\n') ? message : `${message}\n`)
  }

  private async secrets(o: CommonOpts, newPassword: boolean): Promise<VaultSecret[]> {
    const d = this.defaults
    const secrets = await loadVaultSecrets({
      vaultIds: o.vaultId, passwordFiles: o.vaultPasswordFile, askVaultPass: o.askVaultPassword,
      defaultIdentityList: d.defaultIdentityList, defaultPasswordFile: d.defaultPasswordFile,
      autoPrompt: true, newPassword, prompt: this.io.promptSecret,
      warn: (m) => this.say(`[WARNING]: ${m}`),
    })
    if (secrets.length === 0) throw new OptionsError("A vault password is required to use Ansible's Vault")
    return secrets
  }

  /** The secrets to decrypt with, after checking the options Ansible checks first. */
  private decryptSecrets(files: string[], o: CommonOpts): Promise<VaultSecret[]> {
    checkOutput(files, o)
    return this.secrets(o, false)
  }

  /** The one secret to encrypt with: --encrypt-vault-id's, or the only one there is. */
  private async encryptSecret(files: string[], o: CommonOpts): Promise<VaultSecret> {
    checkOutput(files, o)
    const wanted = o.encryptVaultId || this.defaults.encryptVaultId
    const secrets = await this.secrets(o, true)
    if (secrets.length > 1 && !wanted) {
      throw new OptionsError(`The vault-ids ${secrets.map((s) => s.id).join(',')} are available to encrypt. Specify the vault-id to encrypt with --encrypt-vault-id`)
    }
    return pickEncryptSecret(secrets, wanted)
  }

  async encrypt(files: string[], o: CommonOpts): Promise<void> {
    const secret = await this.encryptSecret(files, o)
    if (files.length === 0 && this.io.stdin.isTTY) this.say('Reading plaintext input from stdin')
    await encryptFiles(files, secret, o.output, this.streams)
    if (this.io.stdout.isTTY) this.say('Encryption successful')
  }

  async decrypt(files: string[], o: CommonOpts): Promise<void> {
    const secrets = await this.decryptSecrets(files, o)
    if (files.length === 0 && this.io.stdin.isTTY) this.say('Reading ciphertext input from stdin')
    await decryptFiles(files, secrets, o.output, this.streams, this.defaults.idMatch)
    if (this.io.stdout.isTTY) this.say('Decryption successful')
  }

  async view(files: string[], o: CommonOpts): Promise<void> {
    const secrets = await this.decryptSecrets(files, o)
    for (const plaintext of await viewFiles(files, secrets, this.streams, this.defaults.idMatch)) {
      // Ansible's display() ends what it prints with a newline.
      const text = plaintext.toString('utf8')
      this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
    }
  }

  async create(files: string[], o: CommonOpts): Promise<void> {
    if (files.length !== 1) throw new OptionsError('ansible-vault create can take only one filename argument')
    const secret = await this.encryptSecret(files, o)
    await createVaultFile(files[0]!, secret, this.io.edit, (m) => this.say(`[WARNING]: ${m}`))
  }

  async editFiles(files: string[], o: CommonOpts): Promise<void> {
    const secrets = await this.decryptSecrets(files, o)
    for (const file of files) await editVaultFile(file, secrets, this.io.edit, this.defaults.idMatch)
  }

  async rekey(files: string[], o: RekeyOpts): Promise<void> {
    const secrets = await this.decryptSecrets(files, o)
    const d = this.defaults
    const wanted = o.encryptVaultId || d.encryptVaultId
    const newSecrets = await loadVaultSecrets({
      vaultIds: o.newVaultId ? [o.newVaultId] : [],
      passwordFiles: o.newVaultPasswordFile ? [o.newVaultPasswordFile] : [],
      defaultIdentityList: wanted ? d.defaultIdentityList : [],
      defaultPasswordFile: d.defaultPasswordFile,
      askVaultPass: o.askVaultPassword, autoPrompt: true, newPassword: true,
      prompt: this.io.promptSecret, warn: (m) => this.say(`[WARNING]: ${m}`),
    })
    if (newSecrets.length === 0) throw new OptionsError("A new vault password is required to use Ansible's Vault rekey")
    await rekeyFiles(files, secrets, pickEncryptSecret(newSecrets, wanted), this.streams, d.idMatch)
    this.say('Rekey successful')
  }

  async encryptString(args: string[], o: EncryptStringOpts): Promise<void> {
    checkOutput(args, o)
    const readStdin = args.includes('-') || args.length === 0 || o.stdinName !== undefined
    if (o.prompt && readStdin) throw new OptionsError('The --prompt option is not supported if also reading input from stdin')
    const secret = await this.encryptSecret([], o)
    const items: { plaintext: string; from: string; name?: string }[] = []

    if (o.prompt) {
      const name = await this.io.promptLine('Variable name (enter for no name): ')
      const text = o.showInput ? await this.io.promptLine('String to encrypt:') : await this.io.promptSecret('String to encrypt (hidden): ')
      if (text === '') throw new OptionsError('The plaintext provided from the prompt was empty, not encrypting')
      items.push({ plaintext: text, from: FROM_PROMPT, name: name || undefined })
    }
    if (readStdin) {
      if (this.io.stdout.isTTY) this.say('Reading plaintext input from stdin. (ctrl-d to end input, twice if your content does not already have a newline)')
      const text = (await readAll(this.io.stdin)).toString('utf8')
      if (text === '') throw new OptionsError('stdin was empty, not encrypting')
      items.push({ plaintext: text, from: FROM_STDIN, name: o.stdinName })
    }
    const strings = args.filter((a) => a !== '-')
    const names = o.name ?? []
    if (names.length && strings.length > names.length) {
      this.say('The number of --name options do not match the number of args.')
      this.say(`The last named variable will be "${names[names.length - 1]}". The rest will not have names.`)
    }
    for (const [i, text] of strings.entries()) {
      if (text === '') throw new OptionsError('The plaintext provided from the command line args was empty, not encrypting')
      items.push({ plaintext: text, from: FROM_ARGS, name: names[i] })
    }

    const outs: string[] = []
    for (const [i, item] of items.entries()) {
      const block = formatVaultString(encryptText(item.plaintext, secret), item.name)
      if (items.length > 1) {
        // Ansible's wording, stray parenthesis included, so tools that parse it keep working.
        this.io.stderr.write(item.name
          ? `# The encrypted version of variable ("${item.name}", the string #${i + 1} from ${item.from}).\n`
          : `# The encrypted version of the string #${i + 1} from ${item.from}.)\n`)
      }
      outs.push(block)
    }
    await writeStringOutput(outs.join('\n'), o.output, this.streams)
    if (this.io.stdout.isTTY) this.say('Encryption successful')
  }
}

async function writeStringOutput(text: string, output: string | undefined, streams: VaultStreams): Promise<void> {
  if (!output || output === '-') streams.stdout.write(text)
  else await writeFileAtomic(output, text)
}

function checkOutput(files: string[], o: CommonOpts): void {
  if (o.output && files.length > 1) throw new OptionsError('At most one input file may be used with the --output option')
}

/** Ansible's match_encrypt_secret: the named id must exist; otherwise the first secret. */
function pickEncryptSecret(secrets: readonly VaultSecret[], wanted: string | undefined): VaultSecret {
  if (!wanted) return secrets[0]!
  const found = secrets.find((s) => s.id === wanted)
  if (found) return found
  const known = `[${secrets.map((s) => `'${s.id}'`).join(', ')}]`
  throw new VaultFailureError('encrypt-id', `Did not find a match for --encrypt-vault-id=${wanted} in the known vault-ids ${known}`)
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks)
}
