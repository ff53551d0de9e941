import { APT_ENV, argumentError, cacheNeedsUpdate, parseAptDiff, planDebs, planInstall, planRemove, unsupported, type AptArgs, type AptCommand } from '../src/module/apt-plan.js'
import { debGatherScript, parseDebGather, splitSpec } from '../src/module/deb-packages.js'
import { commandLine } from '../src/module/shell.js'
import type { ActionModule, ModuleContext, ModuleResult } from '../src/module/types.js'

export type { AptArgs } from '../src/module/apt-plan.js'

async function gather(context: ModuleContext, names: string[], debs: string[]) {
  const out = await context.connection.exec(debGatherScript(names, debs))
  return parseDebGather(out.stdout.toString('utf8'), names, debs)
}

async function runApt(context: ModuleContext, command: AptCommand, markManual: string[] = []) {
  const mark = markManual.length ? ` && { ${commandLine(['apt-mark', 'manual', '--', ...markManual])} >/dev/null 2>&1 || true; }` : ''
  const out = await context.connection.exec(`${commandLine(command.argv)}${mark}`)
  return { rc: out.rc, stdout: out.stdout.toString('utf8'), stderr: out.stderr.toString('utf8') }
}

/**
 * An action, not a plan-and-apply state module: like Ansible's, its result carries apt-get's own
 * stdout and stderr, check mode runs `apt-get --simulate`, and whether an update changed the cache
 * is only known after it ran. The decisions are pure (src/module/apt-plan.ts) and fixture-tested.
 */
export const apt: ActionModule<AptArgs> = {
  kind: 'action',
  name: 'apt',
  shortDescription: 'Manages apt packages',
  description:
    'Installs, upgrades (state=latest) and removes Debian packages with apt-get and dpkg; no python-apt is needed on the host. ' +
    'Package state comes from dpkg-query, candidates from apt-cache policy. update_cache runs apt-get update when the cache is older than ' +
    'cache_valid_time. deb installs local .deb files with dpkg -i (their dependencies must already be installed). ' +
    'Not supported yet: upgrade, build-dep, fixed, autoclean, clean, policy_rc_d, name patterns.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    aliases: { pkg: 'name', package: 'name', 'update-cache': 'update_cache', 'default-release': 'default_release', 'install-recommends': 'install_recommends', 'allow-unauthenticated': 'allow_unauthenticated', 'allow-downgrade': 'allow_downgrade', allow_downgrades: 'allow_downgrade', 'allow-downgrades': 'allow_downgrade' },
    properties: {
      name: { type: 'array', items: { type: 'string' }, description: 'Package names, optionally pinned (`foo=1.0`, `foo=1.0*`, `foo>=1.0`). Aliases pkg, package.' },
      state: { type: 'string', default: 'present', enum: ['absent', 'build-dep', 'latest', 'present', 'fixed'], description: 'present: installed; latest: the newest candidate; absent: removed.' },
      update_cache: { type: 'boolean', description: 'Run apt-get update first (subject to cache_valid_time).' },
      update_cache_retries: { type: 'integer', default: 5, description: 'Accepted for compatibility; drover runs apt-get update once.' },
      update_cache_retry_max_delay: { type: 'integer', default: 12, description: 'Accepted for compatibility.' },
      cache_valid_time: { type: 'integer', default: 0, description: 'Update the cache only if it is older than this many seconds.' },
      purge: { type: 'boolean', default: false, description: 'With state=absent, also remove configuration files.' },
      deb: { type: 'string', description: 'Path on the host of a .deb to install (comma-separated for several).' },
      default_release: { type: 'string', description: 'apt-get -t: the release to install from.' },
      install_recommends: { type: 'boolean', description: 'Install recommended packages (default: the OS setting).' },
      force: { type: 'boolean', default: false, description: 'apt-get --force-yes / dpkg --force-all.' },
      upgrade: { type: 'string', default: 'no', enum: ['dist', 'full', 'no', 'safe', 'yes'], description: 'Not supported yet (only no).' },
      dpkg_options: { type: 'string', default: 'force-confdef,force-confold', description: 'Comma-separated dpkg options (without --).' },
      autoremove: { type: 'boolean', default: false, description: 'Also remove unused dependency packages (apt-get --auto-remove).' },
      autoclean: { type: 'boolean', default: false, description: 'Not supported yet.' },
      clean: { type: 'boolean', default: false, description: 'Not supported yet.' },
      fail_on_autoremove: { type: 'boolean', default: false, description: 'apt-get --no-remove.' },
      policy_rc_d: { type: 'integer', description: 'Not supported yet.' },
      only_upgrade: { type: 'boolean', default: false, description: 'Only upgrade packages that are already installed.' },
      force_apt_get: { type: 'boolean', default: false, description: 'Accepted for compatibility: drover always uses apt-get.' },
      allow_unauthenticated: { type: 'boolean', default: false, description: 'apt-get --allow-unauthenticated.' },
      allow_downgrade: { type: 'boolean', default: false, description: 'apt-get --allow-downgrades.' },
      allow_change_held_packages: { type: 'boolean', default: false, description: 'apt-get --allow-change-held-packages.' },
      lock_timeout: { type: 'integer', default: 60, description: 'Seconds to wait for the dpkg lock.' },
    },
  },
  returns: {
    cache_updated: { type: 'bool', description: 'Whether the cache was updated.', returned: 'success, in some cases' },
    cache_update_time: { type: 'int', description: 'When the cache was last updated (epoch seconds).', returned: 'success, in some cases' },
    stdout: { type: 'str', description: "apt-get's (or dpkg's) output.", returned: 'success, when needed' },
    stderr: { type: 'str', description: "apt-get's error output.", returned: 'success, when needed' },
    diff: { type: 'dict', description: '`prepared`: what apt-get said it would do, in diff mode.', returned: 'changed' },
  },
  examples: [
    '- name: Install nginx, refreshing the cache if older than an hour',
    '  ansible.builtin.apt:',
    '    name: nginx',
    '    update_cache: true',
    '    cache_valid_time: 3600',
    '',
    '- name: Remove two packages and their configuration',
    '  ansible.builtin.apt:',
    '    name: [telnet, ftp]',
    '    state: absent',
    '    purge: true',
  ].join('\n'),

  async run(args, context) {
    const invalid = argumentError(args) ?? unsupported(args)
    if (invalid) return { changed: false, failed: true, msg: invalid }
    const specs = (args.name ?? []).map((n) => n.trim())
    const names = specs.map((s) => splitSpec(s).name)
    const debs = args.deb !== undefined ? args.deb.split(',') : []
    let facts = await gather(context, names, debs)
    let cacheUpdated = false
    let cacheTime = facts.cache.mtime
    if (args.update_cache || args.cache_valid_time) {
      if (cacheNeedsUpdate(args, facts.cache)) {
        if (!context.check) {
          const update = await context.connection.exec(commandLine(['env', ...APT_ENV, 'apt-get', 'update', '-q']))
          if (update.rc !== 0) return { changed: false, failed: true, msg: `Failed to update apt cache: ${update.stderr.toString('utf8').trim() || 'unknown reason'}` }
          facts = await gather(context, names, debs)
        }
        cacheUpdated = context.check || facts.cache.mtime !== cacheTime
        cacheTime = facts.cache.mtime
      }
      if (!specs.length && !debs.length) return { changed: cacheUpdated, cache_updated: cacheUpdated, cache_update_time: cacheTime }
    }
    const cache = { cache_updated: cacheUpdated, cache_update_time: cacheTime }

    if (debs.length) {
      const plan = planDebs(args, facts.debs, context.check)
      if (plan.failed) return { changed: false, failed: true, msg: plan.msg }
      if (!plan.command) return { changed: false, stdout: '', stderr: '', diff: '' }
      const out = await runApt(context, plan.command)
      if (out.rc !== 0) return { changed: false, failed: true, msg: `${plan.command.display} failed`, stdout: out.stdout, stderr: out.stderr }
      return { changed: true, stdout: out.stdout, stderr: out.stderr, diff: parseAptDiff(out.stdout) }
    }

    if (args.state === 'absent') {
      const command = planRemove(args, specs, facts.packages, context.check)
      if (!command) return { changed: false }
      const out = await runApt(context, command)
      const listed = command.display.replace(/^.* remove /, '')
      if (out.rc !== 0) return { changed: false, failed: true, msg: `'apt-get remove ${listed}' failed: ${out.stderr}`, stdout: out.stdout, stderr: out.stderr, rc: out.rc }
      return { changed: true, stdout: out.stdout, stderr: out.stderr, diff: context.diff ? parseAptDiff(out.stdout) : {} }
    }

    const plan = planInstall(args, specs, facts.packages, context.check)
    if (plan.failed) return plan.msg.startsWith('No package matching') ? { changed: false, failed: true, msg: plan.msg } : { changed: false, failed: true, msg: plan.msg, ...cache }
    const auto = context.check ? [] : facts.packages.filter((p) => p.auto).map((p) => p.name)
    if (!plan.command) {
      if (auto.length) await context.connection.exec(commandLine(['apt-mark', 'manual', '--', ...auto]))
      return { changed: false, ...cache }
    }
    const out = await runApt(context, plan.command, context.check ? [] : plan.names)
    if (out.rc !== 0) return { changed: false, failed: true, msg: `'${plan.command.display}' failed: ${out.stderr}`, stdout: out.stdout, stderr: out.stderr, rc: out.rc, ...cache }
    const result: ModuleResult = { changed: true, stdout: out.stdout, stderr: out.stderr, diff: context.diff ? parseAptDiff(out.stdout) : {}, ...cache }
    return result
  },
}
