export interface DebianHost {
  name: string
  address: string
  port: number
  /** The host's / as the controller sees it (`/proc/<init pid>/root`), valid while the host runs. */
  root: string
}

export interface DebianHostsOptions {
  hosts: number
  /** Packages for the rootfs (default DEBIAN_PACKAGES); another list builds and caches another rootfs. */
  packages?: readonly string[]
  /**
   * Boot Debian's systemd as PID 1 (default packages SYSTEMD_PACKAGES, addresses 127.0.1.241..)
   * instead of drover-init; see systemd.ts.
   */
  systemd?: boolean
  /** Progress lines (the first-time rootfs build); default stderr. */
  log?: (line: string) => void
}

export interface DebianInventoryOptions {
  groups?: Record<string, string[]>
  /** Written under [all:vars]; objects and arrays as JSON. */
  vars?: Record<string, unknown>
  /** Default `<run dir>/inventory.ini`; a relative path is taken from the run dir. */
  file?: string
  /** Log in as this user instead of root (DEPLOY_USER has NOPASSWD sudo). */
  user?: string
}

export interface ExecResult {
  stdout: string
  stderr: string
  code: number
}

export interface DebianHosts {
  hosts: DebianHost[]
  /** The private run dir on the controller (per-host dirs, home, inventory). */
  dir: string
  home: string
  clientKey: string
  knownHosts: string
  /** How the per-host roots were made: 'overlay' or 'copy' (overlayfs refused). */
  mode: 'overlay' | 'copy'
  /** Whether PID 1 is systemd (`systemd: true`). */
  systemd: boolean
  /** Wall time of startDebianHosts, excluding a first-time rootfs build. */
  startMs: number
  writeInventory(options?: DebianInventoryOptions): string
  env(): Record<string, string>
  exec(name: string, command: string, options?: { input?: string }): Promise<ExecResult>
  /** The host's init pid on the controller (the namespace's PID 1). */
  initPid(name: string): number
  /** The host's console (setup, init and sshd -e output). */
  consoleLog(name: string): string
  stop(): Promise<void>
}
