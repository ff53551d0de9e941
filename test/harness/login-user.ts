import { spawnSync } from 'node:child_process'
import { userInfo } from 'node:os'

export interface LoginUser {
  name: string
  uid: number
  gid: number
  home: string
}

/** The dedicated login user when running as root; sshd can only ever log in as itself otherwise. */
export const TEST_USER = 'drover-test'

function sh(argv: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' })
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' }
}

function lookup(name: string): LoginUser | undefined {
  const entry = sh(['getent', 'passwd', name])
  if (entry.status !== 0) return undefined
  const [, , uid, gid, , home] = entry.stdout.trim().split(':')
  return { name, uid: Number(uid), gid: Number(gid), home: home! }
}

/**
 * Returns the user tests log in as. As root that is `drover-test`, created here once and fixed up
 * idempotently: login shell /bin/sh (a login shell's rc files would add latency to every command),
 * a home directory, and a password field of `*` — with `UsePAM no`, sshd refuses even key logins
 * to an account whose password is locked (`!`), which is how useradd leaves it.
 */
export function ensureLoginUser(): LoginUser {
  if (process.getuid?.() !== 0) {
    const me = userInfo()
    return { name: me.username, uid: me.uid, gid: me.gid, home: me.homedir }
  }
  if (!lookup(TEST_USER)) {
    const made = sh(['useradd', '--create-home', '--shell', '/bin/sh', '--password', '*',
      '--comment', 'drover test harness', TEST_USER])
    // 9: another test process created it between our lookup and useradd.
    if (made.status !== 0 && made.status !== 9) {
      throw new Error(`harness: useradd ${TEST_USER} failed (${made.status}): ${made.stderr.trim()}`)
    }
  }
  const passwd = sh(['getent', 'passwd', TEST_USER]).stdout.trim().split(':')
  const shadow = sh(['getent', 'shadow', TEST_USER]).stdout.trim().split(':')
  if (passwd[6] !== '/bin/sh' || (shadow[1] ?? '').startsWith('!')) {
    const fixed = sh(['usermod', '--shell', '/bin/sh', '--password', '*', TEST_USER])
    if (fixed.status !== 0) throw new Error(`harness: usermod ${TEST_USER} failed: ${fixed.stderr.trim()}`)
  }
  const user = lookup(TEST_USER)
  if (!user) throw new Error(`harness: user ${TEST_USER} missing after useradd`)
  sh(['install', '-d', '-o', String(user.uid), '-g', String(user.gid), '-m', '0755', user.home])
  return user
}
