/** What the executor and modules need from a way of reaching a host. */
import type { Readable } from 'node:stream'

export interface ExecResult {
  rc: number
  stdout: Buffer
  stderr: Buffer
}

/** Privilege escalation for one command; commands with equal settings share one escalated shell. */
export interface BecomeOptions {
  /** `enable` is a network device's privileged mode: only network_cli connections take it. */
  method: 'sudo' | 'su' | 'enable'
  /** The user to become (Ansible's become_user; default root). */
  user: string
  /** Replaces the method's default flags (Ansible's become_flags, e.g. `-H -S -n` for sudo). */
  flags?: string
  /** The program to run instead of `sudo` / `su` (Ansible's become_exe). */
  exe?: string
  /** Sent once on the escalated shell's stdin when asked; never in an argument or a log. */
  password?: string
}

export interface ExecOptions {
  /** Bytes for the command's standard input; without it stdin is empty (never the controller's). */
  stdin?: Buffer | string
  /** Run as another user; the escalated shell is opened once and kept, like the plain one. */
  become?: BecomeOptions
}

export interface PutOptions {
  /** Octal permission bits for the new file; without it an existing file's mode (and owner) is kept. */
  mode?: number
}

export interface InteractiveOptions {
  /** Whether the terminal echoes what is typed (off: answers never appear in the output). */
  echo: boolean
}

/** A program running in a pseudo-terminal: its output (stdout and stderr merged, as a terminal shows them) and its keyboard. */
export interface InteractiveChannel {
  onData(listener: (chunk: Buffer) => void): void
  write(text: string): void
  /** Resolves with the exit status when the program ends (null if it died without one). */
  readonly exited: Promise<number | null>
  /** Hangs up (SIGHUP to the program, as closing a terminal does). */
  close(): void
}

export type Transport = 'ssh' | 'local' | 'network_cli'

export interface Connection {
  readonly host: string
  readonly transport: Transport
  /**
   * Runs a POSIX sh command line on the host. Rejects with ConnectionError when the host is gone.
   * Text marked by inlineCommand() (src/connection/shell-session.ts) may run without a protective
   * subshell. That is a mark in the text rather than an option so that a wrapper which adds its
   * own text in front (the task's `environment:` exports) turns it off without knowing about it.
   */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>
  /**
   * Writes a file on the host: streamed into a temp file beside `path`, then renamed over it, so a
   * reader never sees a half-written file.
   */
  put?(path: string, content: Buffer | Readable, options?: PutOptions): Promise<void>
  /** Reads a whole file from the host. */
  get?(path: string): Promise<Buffer>
  /** Starts a command in a pseudo-terminal for a conversation (the expect module). */
  interactive?(command: string, options: InteractiveOptions): Promise<InteractiveChannel>
  /** Commands sent to the host so far: each is one network round trip. */
  readonly roundTrips: number
  close(): Promise<void>
}

/** Everything needed to open a connection to one host, resolved from inventory vars and settings. */
export interface ConnectionTarget {
  /** inventory_hostname: used in messages. */
  name: string
  transport: Transport
  address: string
  port: number
  user: string
  privateKeyFile?: string
  password?: string
  timeoutSeconds: number
  /**
   * Fields that are only fallbacks (not set by an inventory variable or flag): ~/.ssh/config may
   * override them, as ssh does when Ansible passes no `-o User=`/`-p`.
   */
  defaulted?: ('user' | 'port' | 'timeout')[]
  /** ansible_ssh_common_args + ansible_ssh_extra_args: `-o Key=Value`, `-J`, `-i`, `-p`, `-l`, `-F` are understood. */
  sshArgs?: string
  /** For network_cli: which CLI the device speaks and how long a command may take. */
  network?: NetworkTarget
}

export interface NetworkTarget {
  /** ansible_network_os as written (`cisco.ios.ios`, `ios`, `arista.eos.eos`); empty when unset. */
  os: string
  /** ansible_command_timeout: seconds to wait for the device's prompt after a command. */
  commandTimeoutSeconds: number
}
