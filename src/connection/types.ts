/** What the executor and modules need from a way of reaching a host. */
import type { Readable } from 'node:stream'

export interface ExecResult {
  rc: number
  stdout: Buffer
  stderr: Buffer
}

/** Privilege escalation for one command; commands with equal settings share one escalated shell. */
export interface BecomeOptions {
  method: 'sudo' | 'su'
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

export interface Connection {
  readonly host: string
  readonly transport: 'ssh' | 'local'
  /** Runs a POSIX sh command line on the host. Rejects with ConnectionError when the host is gone. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>
  /**
   * Writes a file on the host: streamed into a temp file beside `path`, then renamed over it, so a
   * reader never sees a half-written file.
   */
  put?(path: string, content: Buffer | Readable, options?: PutOptions): Promise<void>
  /** Reads a whole file from the host. */
  get?(path: string): Promise<Buffer>
  /** Commands sent to the host so far: each is one network round trip. */
  readonly roundTrips: number
  close(): Promise<void>
}

/** Everything needed to open a connection to one host, resolved from inventory vars and settings. */
export interface ConnectionTarget {
  /** inventory_hostname: used in messages. */
  name: string
  transport: 'ssh' | 'local'
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
}
