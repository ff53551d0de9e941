/**
 * Accounts for authentication and become tests (root only): a password for the login user, a
 * second unprivileged user to become, and a sudoers drop-in — root needs the login user's
 * password, the second user does not. Idempotent, so concurrent harnesses can all call it.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'

/** The login user's password (a throwaway test account, never a real secret). */
export const TEST_PASSWORD = 'drover-harness-pw-7Qx'
/** The unprivileged user `become_user` tests switch to, and its password (for `su`). */
export const BECOME_USER = 'drover-become'
export const BECOME_PASSWORD = 'drover-become-pw-3Kd'
const SUDOERS = '/etc/sudoers.d/drover-harness'

function run(argv: string[], input?: string): void {
  const result = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', input })
  if (result.status !== 0 && !(argv[0] === 'useradd' && result.status === 9)) {
    throw new Error(`harness: ${argv[0]} failed (${result.status ?? result.error}): ${result.stderr?.trim()}`)
  }
}

function hasUser(name: string): boolean {
  return readFileSync('/etc/passwd', 'utf8').split('\n').some((l) => l.startsWith(`${name}:`))
}

export function findSudo(): string | undefined {
  return ['/usr/bin/sudo', '/bin/sudo', '/usr/local/bin/sudo'].find((p) => existsSync(p))
}

/** Gives `loginUser` TEST_PASSWORD; with UsePAM no, sshd checks it against /etc/shadow itself. */
export function setLoginPassword(loginUser: string): void {
  if (process.getuid?.() !== 0) throw new Error('harness: password logins need root (to set the test user\'s password)')
  run(['chpasswd'], `${loginUser}:${TEST_PASSWORD}\n`)
}

export function ensureBecomeAccounts(loginUser: string): void {
  if (process.getuid?.() !== 0) throw new Error('harness: become tests need root (to create users and a sudoers drop-in)')
  if (!findSudo()) throw new Error('harness: sudo is not installed; apt-get install -y sudo')
  setLoginPassword(loginUser)
  if (!hasUser(BECOME_USER)) run(['useradd', '--create-home', '--shell', '/bin/sh', '--comment', 'drover become target', BECOME_USER])
  run(['chpasswd'], `${BECOME_USER}:${BECOME_PASSWORD}\n`)
  // timestamp_timeout=0: no cached sudo credentials, so every test sees the same prompts.
  const rules = [
    `Defaults:${loginUser} timestamp_timeout=0, !lecture, !requiretty`,
    `${loginUser} ALL=(root) ALL`,
    `${loginUser} ALL=(${BECOME_USER}) NOPASSWD: ALL`,
    '',
  ].join('\n')
  if (existsSync(SUDOERS) && readFileSync(SUDOERS, 'utf8') === rules) return
  const temp = `${SUDOERS}.tmp-${process.pid}`
  writeFileSync(temp, rules, { mode: 0o440 })
  // visudo -c refuses a broken file before it can lock sudo for everyone.
  run(['visudo', '-c', '-q', '-f', temp])
  renameSync(temp, SUDOERS)
}
