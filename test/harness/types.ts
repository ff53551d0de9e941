/** The harness's public shapes; see README.md beside this file for how tests use them. */

export interface HarnessHost {
  name: string
  address: string
  port: number
  /** A directory unique to this host, owned by the login user: all "hosts" share one filesystem,
   *  so tests that write remote files put them here to keep hosts apart. */
  scratch: string
}

export interface HarnessOptions {
  /** Healthy hosts h1..hN on 127.0.1.1..N, each its own sshd process. */
  hosts: number
  /** Hosts where nothing listens (down1..): an address and a reserved, closed port. */
  down?: number
  /** Hosts whose sshd presents a host key other than the one known_hosts records (badkey1..). */
  wrongKey?: number
  /** Healthy hosts h1..hN (of `hosts`) that also accept the login user's password (also by keyboard-interactive). */
  passwordHosts?: number
  /** Extra client keys (rsa, encrypted ecdsa, one for an agent), all authorised; see Harness.keys. */
  extraKeys?: boolean
  /**
   * Adds `bastion` and `inner1`: inner1's sshd is in its own network namespace, reachable only by
   * forwarding through the bastion (direct connections are refused). Root only.
   */
  bastion?: boolean
  /** sudo for the login user: to root with its password, to BECOME_USER without. Root only. */
  become?: boolean
}

export interface ExtraKeys {
  /** rsa 2048, unencrypted, authorised. */
  rsa: string
  /** ecdsa encrypted with KEY_PASSPHRASE, authorised. */
  ecdsaEncrypted: string
  /** ed25519, authorised, not under home/.ssh: only reachable through startAgent(). */
  agent: string
  /** ed25519 that no host authorises. */
  unauthorized: string
}

export interface InventoryOptions {
  /** Hosts to list (default: all, down and wrongKey included). */
  hosts?: HarnessHost[]
  /** Group name → host names; every name must be among the listed hosts. */
  groups?: Record<string, string[]>
  /** Where to write it; relative paths are taken from the harness dir. Default inventory.ini. */
  file?: string
}

export interface Harness {
  /** Private temp dir holding everything this harness made; removed by stop(). */
  dir: string
  /** Login user on every host: `drover-test` when running as root, else the current user. */
  user: string
  /** A HOME for the drover process; home/.ssh holds known_hosts and the client key. */
  home: string
  /** Client private key (ed25519, unencrypted), also at home/.ssh/id_ed25519. */
  clientKey: string
  /** known_hosts with the expected key of every healthy and wrongKey host, `[addr]:port` form. */
  knownHosts: string
  hosts: HarnessHost[]
  down: HarnessHost[]
  wrongKey: HarnessHost[]
  all(): HarnessHost[]
  writeInventory(options?: InventoryOptions): string
  /** Environment to run drover with: PATH, HOME=home, LANG; nothing ANSIBLE_*, DROVER_* or SSH_AUTH_SOCK. */
  env(): Record<string, string>
  /** Shared append-only file of `start <host>` / `end <host>` lines; see maxConcurrent(). */
  activityLog: string
  /** Executable `activity [SECONDS]`: appends `start $HARNESS_HOST`, sleeps (default 0.2), appends `end`. */
  activityScript: string
  /** With `bastion: true`: the jump host, reachable directly. */
  bastion?: HarnessHost
  /** With `bastion: true`: reachable only through `bastion` (its address and port are as seen from there). */
  inner?: HarnessHost
  /** Present when started with extraKeys. */
  keys?: ExtraKeys
  /** The login user's password (set when passwordHosts or become asked for it). */
  password?: string
  /** Starts an ssh-agent holding keys.agent (needs extraKeys); returns its socket. Stopped by stop(). */
  startAgent(): Promise<string>
  /** A host's public host key, `type base64`, as known_hosts records it. */
  hostPublicKey(name: string): string
  sshdLog(name: string): string
  /** "Accepted publickey" lines in that host's sshd log: one per authenticated connection. */
  acceptedConnections(name: string): number
  /** Kills one host's sshd and every session it serves, so open connections drop too. */
  stopHost(name: string): Promise<void>
  /** Kills that host's open sessions (so connections drop mid-run) but keeps it accepting new ones. */
  dropSessions(name: string): Promise<void>
  /** Kills every sshd and session, removes dir; idempotent. */
  stop(): Promise<void>
}
