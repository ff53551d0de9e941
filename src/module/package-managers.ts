/**
 * The package module's other managers (dnf, yum, apk): which of the requested packages need the
 * manager, from one read-only probe, and the command that does it. apt goes to the apt module.
 */
import { parseSections } from './file-facts.js'
import { quote } from './shell.js'

export type Manager = 'apt' | 'dnf' | 'yum' | 'apk'

/** The first manager found, in the order Ansible's pkg_mgr fact prefers on Linux. */
export const DETECT_MANAGER = [
  'PATH="$PATH:/sbin:/usr/sbin:/bin:/usr/bin"',
  'for drover_m in apt-get dnf yum apk; do if command -v "$drover_m" >/dev/null 2>&1; then echo "$drover_m"; break; fi; done',
].join('\n')

export function managerOf(stdout: string): Manager | undefined {
  const found = stdout.trim().split('\n')[0]
  return found === 'apt-get' ? 'apt' : found === 'dnf' || found === 'yum' || found === 'apk' ? found : undefined
}

export interface PackageState {
  name: string
  installed: boolean
  upgradable: boolean
}

export function packagesProbe(manager: Exclude<Manager, 'apt'>, names: readonly string[]): string {
  return names
    .map((name, i) => {
      const q = quote(name)
      const installed = manager === 'apk' ? `apk info -e -- ${q}` : `rpm -q --whatprovides -- ${q}`
      const upgradable = manager === 'apk' ? `apk version -l '<' -- ${q} 2>/dev/null | grep -q '<'` : `${manager} -q check-update -- ${q} >/dev/null 2>&1; [ $? = 100 ]`
      return `echo @@pkg:i${i}; ${installed} >/dev/null 2>&1 && echo yes; echo @@pkg:u${i}; ${upgradable} && echo yes`
    })
    .concat('echo @@pkg:end')
    .join('\n')
}

export function parsePackages(stdout: string, names: readonly string[]): PackageState[] {
  const s = parseSections(stdout)
  return names.map((name, i) => ({ name, installed: (s.get(`pkg:i${i}`) ?? '').trim() === 'yes', upgradable: (s.get(`pkg:u${i}`) ?? '').trim() === 'yes' }))
}

/** The argv that brings the packages to `state`, or undefined when they are already there. */
export function packageCommand(manager: Exclude<Manager, 'apt'>, state: 'present' | 'installed' | 'latest' | 'absent' | 'removed', packages: readonly PackageState[]): string[] | undefined {
  const absent = state === 'absent' || state === 'removed'
  const todo = packages.filter((p) => (absent ? p.installed : !p.installed || (state === 'latest' && p.upgradable))).map((p) => p.name)
  if (todo.length === 0) return undefined
  if (manager === 'apk') return absent ? ['apk', 'del', '--', ...todo] : ['apk', 'add', ...(state === 'latest' ? ['--upgrade'] : []), '--', ...todo]
  const verb = absent ? 'remove' : state === 'latest' && packages.every((p) => !todo.includes(p.name) || p.installed) ? 'upgrade' : 'install'
  return [manager, '-y', verb, '--', ...todo]
}
