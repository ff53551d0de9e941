/** What the executor and modules need from a way of reaching a host. */
export interface ExecResult {
  rc: number
  stdout: Buffer
  stderr: Buffer
}

export interface ExecOptions {
  /** Bytes for the command's standard input; without it stdin is empty (never the controller's). */
  stdin?: Buffer | string
}

export interface Connection {
  readonly host: string
  readonly transport: 'ssh' | 'local'
  /** Runs a POSIX sh command line on the host. Rejects with ConnectionError when the host is gone. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>
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
}
