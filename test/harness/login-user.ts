import { spawnSync } from 'node:child_process'
import { chownSync, mkdirSync, readFileSync } from 'node:fs'
import { userInfo } from 'node:os'

export interface LoginUser {
  name: string
  uid: number
  gid: number
  home: string
}

/** The dedicated login user when running as root; sshd can only ever log in as itself otherwise. */
export const TEST_USER = 'drover-test'

/** One field list from a colon-separated account file, or undefined. Read directly rather than
 *  through getent: useradd writes these files, and a spawn per check costs more than the read. */
function entry(file: string, name: string): string[] | undefined {
  try {
    return readFileSync(file, 'utf8').split('\n').map((l) => l.split(':')).find((f) => f[0] === name)
  } catch {
    return undefined
  }
}

function run(argv: string[]): void {
  const result = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' })
  // useradd exits 9 when another test process created the user between our check and the call.
  if (result.status !== 0 && !(argv[0] === 'useradd' && result.status === 9)) {
    throw new Error(`harness: ${argv.join(' ')} failed (${result.status ?? result.error}): ${result.stderr?.trim()}`)
  }
}

/**
 * Returns the user tests log in as. As root that is `drover-test`, created once and fixed up
 * idempotently: login shell /bin/sh (a login shell's rc files would add latency to every command),
 * a home directory, and a password field of `*` — with `UsePAM no`, sshd refuses even key logins
 * to an account whose password is locked (`!`), which is how useradd leaves it by default.
 */
export function ensureLoginUser(): LoginUser {
  if (process.getuid?.() !== 0) {
    const me = userInfo()
    return { name: me.username, uid: me.uid, gid: me.gid, home: me.homedir }
  }
  if (!entry('/etc/passwd', TEST_USER)) {
    run(['useradd', '--create-home', '--shell', '/bin/sh', '--password', '*', '--comment', 'drover test harness', TEST_USER])
  }
  const passwd = entry('/etc/passwd', TEST_USER)
  const shadow = entry('/etc/shadow', TEST_USER)
  if (passwd?.[6] !== '/bin/sh' || (shadow?.[1] ?? '').startsWith('!')) {
    run(['usermod', '--shell', '/bin/sh', '--password', '*', TEST_USER])
  }
  const [, , uid, gid, , home] = entry('/etc/passwd', TEST_USER) ?? []
  if (uid === undefined || gid === undefined || !home) throw new Error(`harness: no passwd entry for ${TEST_USER}`)
  const user = { name: TEST_USER, uid: Number(uid), gid: Number(gid), home }
  mkdirSync(home, { recursive: true, mode: 0o755 })
  chownSync(home, user.uid, user.gid)
  return user
}
