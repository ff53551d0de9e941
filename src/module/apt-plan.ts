/**
 * The apt module's decisions, pure: which packages to install or remove and the apt-get command
 * that does it, as ansible-core 2.14's apt module decides them from python-apt's view (here from
 * dpkg-query and apt-cache policy, see deb-packages.ts).
 */
import { bestMatch, splitSpec, type CacheTimes, type DebFile, type DebPackage } from './deb-packages.js'
import { compareDebVersions } from './deb-version.js'
import { fnmatch } from './fnmatch.js'

export interface AptArgs {
  name?: string[]
  state: 'present' | 'absent' | 'latest' | 'build-dep' | 'fixed'
  update_cache?: boolean
  cache_valid_time: number
  purge: boolean
  deb?: string
  autoremove: boolean
  autoclean: boolean
  clean: boolean
  install_recommends?: boolean
  force: boolean
  only_upgrade: boolean
  allow_unauthenticated: boolean
  allow_downgrade: boolean
  allow_change_held_packages: boolean
  fail_on_autoremove: boolean
  dpkg_options: string
  default_release?: string
  upgrade: 'no' | 'yes' | 'safe' | 'full' | 'dist'
  lock_timeout: number
  force_apt_get: boolean
  policy_rc_d?: number
  update_cache_retries: number
  update_cache_retry_max_delay: number
}

/** The environment Ansible's apt module runs apt-get in: no prompts, parsable messages. */
export const APT_ENV = ['DEBIAN_FRONTEND=noninteractive', 'DEBIAN_PRIORITY=critical', 'LANG=C.UTF-8', 'LC_ALL=C.UTF-8', 'LC_MESSAGES=C.UTF-8', 'LC_CTYPE=C.UTF-8']

/** An apt-get run: the argv drover executes and the command text Ansible shows in its messages. */
export interface AptCommand {
  argv: string[]
  display: string
}

export type InstallPlan = { failed: true; msg: string } | { failed?: false; command?: AptCommand; names: string[] }

/** Why drover refuses these arguments before touching the host, or undefined. */
export function unsupported(args: AptArgs): string | undefined {
  if (args.upgrade !== 'no') return `drover's apt does not support upgrade=${args.upgrade} yet`
  if (args.state === 'build-dep' || args.state === 'fixed') return `drover's apt does not support state=${args.state} yet`
  if (args.autoclean || args.clean) return "drover's apt does not support autoclean or clean yet"
  if (args.autoremove && args.name === undefined && args.deb === undefined) return "drover's apt does not support autoremove without packages yet"
  if (args.policy_rc_d !== undefined) return "drover's apt does not support policy_rc_d yet"
  const names = args.name ?? []
  if (names.includes('*')) return "drover's apt does not support name='*' yet"
  const glob = names.find((n) => /[*?[\]!]/.test(splitSpec(n).name))
  if (glob) return `drover's apt does not support package name patterns yet: ${glob}`
  const bad = names.find((n) => (n.match(/=/g) ?? []).length > 1)
  if (bad) return `invalid package spec: ${bad}`
  if (args.deb !== undefined && args.state !== 'present') return 'deb only supports state=present'
  if (args.deb !== undefined && args.deb.includes('://')) return "drover's apt does not support deb URLs yet: copy or get_url the file first"
  return undefined
}

/** Ansible's required_one_of and mutually_exclusive for apt. */
export function argumentError(args: AptArgs): string | undefined {
  const given = (['deb', 'name', 'upgrade'] as const).filter((k) => (k === 'upgrade' ? args.upgrade !== 'no' : args[k] !== undefined))
  if (given.length > 1) return `parameters are mutually exclusive: deb|package|upgrade`
  if (args.name === undefined && args.deb === undefined && !args.update_cache && !args.autoremove && args.upgrade === 'no') {
    return 'one of the following is required: autoremove, deb, package, update_cache, upgrade'
  }
  return undefined
}

/** Whether the cache is older than cache_valid_time (0: update whenever asked). */
export function cacheNeedsUpdate(args: AptArgs, cache: CacheTimes): boolean {
  if (!args.update_cache && !args.cache_valid_time) return false
  return !(cache.mtime + args.cache_valid_time >= cache.now)
}

function dpkgOptions(args: AptArgs): { argv: string[]; display: string } {
  const options = args.dpkg_options.split(',')
  return {
    argv: options.flatMap((o) => ['-o', `Dpkg::Options::=--${o}`]),
    display: options.map((o) => `-o "Dpkg::Options::=--${o}"`).join(' '),
  }
}

/** An option as apt-get gets it and as Ansible's command text shows it. */
interface Extra {
  argv: string[]
  display: string
}

const option = (display: string, ...argv: string[]): Extra => ({ argv, display })

/** `apt-get [options] install|remove pkgs`, with Ansible's exact command text for messages. */
function aptGet(args: AptArgs, verb: 'install' | 'remove', flags: string[], packages: string[], check: boolean, extra: Extra[] = []): AptCommand {
  const dpkg = dpkgOptions(args)
  const base = verb === 'remove' ? ['-q', '-y'] : ['-y']
  const simulate = check ? '--simulate' : ''
  const display = `/usr/bin/apt-get ${base.join(' ')} ${dpkg.display} ${[...flags, simulate].join(' ')} ${verb} ${packages.map((p) => `'${p}'`).join(' ')}${extra.map((e) => ` ${e.display}`).join('')}`
  const argv = ['env', ...APT_ENV, 'apt-get', ...base, '-o', `DPkg::Lock::Timeout=${Math.max(0, args.lock_timeout)}`, ...dpkg.argv, ...flags.filter(Boolean), ...(check ? ['--simulate'] : []), ...extra.flatMap((e) => e.argv), verb, '--', ...packages]
  return { argv, display }
}

/** ansible-core's install(): packages (pinned to the version apt would pick) that must be installed. */
export function planInstall(args: AptArgs, specs: readonly string[], packages: readonly DebPackage[], check: boolean): InstallPlan {
  const upgrade = args.state === 'latest'
  const list: string[] = []
  const names: string[] = []
  for (const spec of specs) {
    const { name, cmp, version } = splitSpec(spec)
    names.push(name)
    const pkg = packages.find((p) => p.name === name)
    if (!pkg || (!pkg.known && pkg.installed === undefined)) return { failed: true, msg: `No package matching '${name}' is available` }
    const installed = pkg.installed !== undefined
    const best = bestMatch(pkg, cmp, version)
    let versionInstalled = false
    let installable: string | true | undefined
    if (!pkg.candidate && pkg.versions.length === 0 && !installed) {
      installable = true // a virtual package: let apt-get pick the provider, as Ansible does
    } else if (installed) {
      const current = pkg.installed!
      if (cmp === '=') {
        versionInstalled = fnmatch(current, version!)
        if (best && current !== best && fnmatch(best, version!)) installable = best
      } else if (cmp === '>=') {
        versionInstalled = compareDebVersions(current, version!) >= 0
        if (best && current !== best && compareDebVersions(best, version!) >= 0) installable = best
      } else {
        versionInstalled = true
        if (best && current !== best) installable = best
      }
    } else installable = best
    if (!installed && args.only_upgrade) continue
    if (!versionInstalled && !installable) return { failed: true, msg: `no available installation candidate for ${spec}` }
    if (installable && ((!installed && !args.only_upgrade) || upgrade || !versionInstalled)) {
      list.push(installable !== true ? `${name}=${installable}` : version ? `${name}=${version}` : name)
    } else if (versionInstalled && installable && cmp === '=') {
      list.push(`${name}=${version}`)
    }
  }
  if (list.length === 0) return { names }
  const flags = [
    args.only_upgrade ? '--only-upgrade' : '',
    '',
    args.force ? '--force-yes' : '',
    args.autoremove ? '--auto-remove' : '',
    args.fail_on_autoremove ? '--no-remove' : '',
  ]
  const extra: Extra[] = []
  if (args.default_release) extra.push(option(`-t '${args.default_release}'`, '-t', args.default_release))
  if (args.install_recommends === false) extra.push(option('-o APT::Install-Recommends=no', '-o', 'APT::Install-Recommends=no'))
  else if (args.install_recommends === true) extra.push(option('-o APT::Install-Recommends=yes', '-o', 'APT::Install-Recommends=yes'))
  if (args.allow_unauthenticated) extra.push(option('--allow-unauthenticated', '--allow-unauthenticated'))
  if (args.allow_downgrade) extra.push(option('--allow-downgrades', '--allow-downgrades'))
  if (args.allow_change_held_packages) extra.push(option('--allow-change-held-packages', '--allow-change-held-packages'))
  return { names, command: aptGet(args, 'install', flags, list, check, extra) }
}

/** ansible-core's remove(): installed packages (or, with purge, ones with config files left). */
export function planRemove(args: AptArgs, specs: readonly string[], packages: readonly DebPackage[], check: boolean): AptCommand | undefined {
  const list = specs.filter((spec) => {
    const { name, cmp, version } = splitSpec(spec)
    const pkg = packages.find((p) => p.name === name)
    if (!pkg) return false
    const hasFiles = pkg.status !== undefined && !/ not-installed$/.test(pkg.status)
    const versionInstalled = pkg.installed !== undefined && (cmp === '=' ? fnmatch(pkg.installed, version!) : cmp === '>=' ? compareDebVersions(pkg.installed, version!) >= 0 : true)
    return versionInstalled || (hasFiles && args.purge)
  })
  if (list.length === 0) return undefined
  return aptGet(args, 'remove', [args.purge ? '--purge' : '', args.force ? '--force-yes' : '', args.autoremove ? '--auto-remove' : ''], list, check)
}

/** install_deb(): the .deb files whose version differs from the installed one, for `dpkg -i`. */
export function planDebs(args: AptArgs, debs: readonly DebFile[], check: boolean): { failed: true; msg: string } | { command?: AptCommand; failed?: false } {
  const broken = debs.find((d) => d.error !== undefined)
  if (broken) return { failed: true, msg: `Unable to install package: ${broken.error || `could not read ${broken.path}`}` }
  const install = debs.filter((d) => d.installed === undefined || compareDebVersions(d.version ?? '', d.installed) !== 0)
  if (install.length === 0) return {}
  const options = args.dpkg_options.split(',').map((o) => `--${o}`)
  const more = [...(check ? ['--simulate'] : []), ...(args.force ? ['--force-all'] : [])]
  const paths = install.map((d) => d.path)
  return {
    command: {
      argv: ['env', ...APT_ENV, 'dpkg', ...options, ...more, '-i', '--', ...paths],
      display: `dpkg ${[...options, ...more].join(' ')} -i ${paths.join(' ')}`,
    },
  }
}

/** Ansible's parse_diff: apt-get's output between "Reading state information..." and "N upgraded". */
export function parseAptDiff(output: string): { prepared: string } {
  const lines = output.split(/\r?\n/)
  if (lines[lines.length - 1] === '') lines.pop()
  let start = lines.indexOf('Resolving dependencies...')
  if (start < 0) start = lines.indexOf('Reading state information...')
  let end = lines.findIndex((l) => /^[0-9]+ (packages )?upgraded/.test(l))
  if (end < 0) end = lines.length
  return { prepared: lines.slice(start + 1, end + 1).join('\n') }
}
