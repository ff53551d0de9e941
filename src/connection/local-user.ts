/**
 * The controller's user, looked up once: os.userInfo() reads the password database on every call,
 * and the connection target of every host-task names the local user when ansible_user is unset.
 */
import { userInfo } from 'node:os'

let cached: { username: string; homedir: string } | undefined

export function localUser(): { username: string; homedir: string } {
  if (!cached) {
    const { username, homedir } = userInfo()
    cached = { username, homedir }
  }
  return cached
}
