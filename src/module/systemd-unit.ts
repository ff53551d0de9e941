/**
 * Units managed by a running systemd, decided as ansible-core 2.14's systemd module does:
 * `systemctl show` gives the status dict, `is-enabled` the boot state, then one systemctl
 * action for each difference.
 */
import { parseSections } from './file-facts.js'
import { quote } from './shell.js'
import type { Plan, Step } from './types.js'

export interface SystemdArgs {
  name?: string
  state?: 'started' | 'stopped' | 'restarted' | 'reloaded'
  enabled?: boolean
  masked?: boolean
  force?: boolean
  daemon_reload: boolean
  daemon_reexec: boolean
  scope: 'system' | 'user' | 'global'
  no_block: boolean
}

export interface SystemdFacts {
  /** `command -v systemctl`, or undefined when it is not installed. */
  systemctl?: string
  /** /run/systemd/system exists: systemd is the running init (sd_booted). */
  booted: boolean
  path: string
  show?: { rc: number; out: string; err: string }
  isEnabled?: { rc: number; out: string }
  /** /etc/init.d/<name> exists, and has S links in /etc/rc?.d. */
  initscript: boolean
  sysvEnabled: boolean
  /** What a daemon_reload / daemon_reexec run in the gather frame answered (non-zero rc is a failure). */
  reload?: { rc: number; err: string }
  reexec?: { rc: number; err: string }
}

export function systemctlFlags(args: SystemdArgs): string[] {
  return [...(args.scope !== 'system' ? [`--${args.scope}`] : []), ...(args.no_block ? ['--no-block'] : []), ...(args.force ? ['--force'] : [])]
}

/**
 * Read-only probes in one frame. daemon_reload and daemon_reexec (not in check mode) run first,
 * as Ansible runs them before reading the unit: they are never reported as a change.
 */
export function systemdGatherScript(args: SystemdArgs, check: boolean): string {
  const flags = systemctlFlags(args).join(' ')
  const sc = `systemctl ${flags}`.trim()
  const lines = [
    'PATH="$PATH:/sbin:/usr/sbin:/bin:/usr/bin"',
    'echo @@sd:systemctl; command -v systemctl 2>/dev/null',
    'echo @@sd:booted; [ -d /run/systemd/system ] && echo yes',
    'echo @@sd:path; printf "%s\\n" "$PATH"',
  ]
  const run = (tag: string, command: string) => lines.push(`echo @@sd:${tag}; drover_e=$(${command} 2>&1 >/dev/null); echo "$?"; printf '%s\\n' "$drover_e"`)
  if (args.daemon_reload && !check) run('reload', `${sc} daemon-reload`)
  if (args.daemon_reexec && !check) run('reexec', `${sc} daemon-reexec`)
  if (args.name !== undefined) {
    const unit = quote(args.name)
    // Every stdout line of `show` is Key=value (or the inside of a `{ … }` value): it cannot look like a marker.
    lines.push(`echo @@sd:show; drover_o=$(${sc} show -- ${unit} 2>/dev/null); drover_rc=$?; echo "$drover_rc"; printf '%s\\n' "$drover_o"`)
    lines.push(`echo @@sd:showerr; [ "$drover_rc" = 0 ] || ${sc} show -- ${unit} 2>&1 >/dev/null`)
    lines.push(`echo @@sd:isenabled; drover_o=$(${sc} is-enabled -- ${unit} 2>/dev/null); echo "$?"; printf '%s\\n' "$drover_o"`)
    lines.push(`echo @@sd:initscript; [ -f ${quote(`/etc/init.d/${args.name}`)} ] && echo yes`)
    lines.push(`echo @@sd:sysvlinks; ls /etc/rc?.d/S??${unit} >/dev/null 2>&1 && echo yes`)
  }
  lines.push('echo @@sd:end')
  return lines.join('\n')
}

function rcAndText(body: string | undefined): { rc: number; out: string } | undefined {
  if (body === undefined) return undefined
  const newline = body.indexOf('\n')
  return { rc: Number(body.slice(0, newline < 0 ? undefined : newline)), out: newline < 0 ? '' : body.slice(newline + 1).replace(/\n+$/, '') }
}

export function parseSystemdFacts(stdout: string): SystemdFacts {
  const s = parseSections(stdout)
  const text = (k: string) => (s.get(`sd:${k}`) ?? '').trim()
  const facts: SystemdFacts = { systemctl: text('systemctl') || undefined, booted: text('booted') === 'yes', path: text('path'), initscript: text('initscript') === 'yes', sysvEnabled: text('sysvlinks') === 'yes' }
  const show = rcAndText(s.get('sd:show'))
  if (show) facts.show = { rc: show.rc, out: show.out, err: (s.get('sd:showerr') ?? '').trim() }
  facts.isEnabled = rcAndText(s.get('sd:isenabled'))
  const reload = rcAndText(s.get('sd:reload'))
  if (reload) facts.reload = { rc: reload.rc, err: reload.out }
  const reexec = rcAndText(s.get('sd:reexec'))
  if (reexec) facts.reexec = { rc: reexec.rc, err: reexec.out }
  return facts
}

/** systemd.py's parse_systemctl_show: `Key=value` lines; `{ ... }` values may span lines. */
export function parseSystemctlShow(out: string): Record<string, string> {
  const parsed: Record<string, string> = {}
  let multi: string[] | undefined
  let key = ''
  for (const line of out.split('\n')) {
    if (multi === undefined) {
      const eq = line.indexOf('=')
      if (eq < 0) continue
      key = line.slice(0, eq)
      const value = line.slice(eq + 1).trim()
      if (!key.startsWith('Exec') || !value.startsWith('{') || value.endsWith('}')) parsed[key] = value
      else multi = [value]
    } else {
      multi.push(line)
      if (line.trimEnd().endsWith('}')) {
        parsed[key] = multi.join('\n').trim()
        multi = undefined
      }
    }
  }
  return parsed
}

const IGNORED = /^(?:Request for .* was ignored|Ignoring request)/m

/** The unit's plan; `failure` answers the cases where Ansible fails before changing anything. */
export function systemdPlan(args: SystemdArgs, facts: SystemdFacts, options: { check: boolean }): Plan {
  if (!facts.systemctl) return { changed: false, failed: true, msg: `Failed to find required executable "systemctl" in paths: ${facts.path}` }
  if (facts.reload && facts.reload.rc !== 0) return { changed: false, failed: true, msg: `failure ${facts.reload.rc} during daemon-reload: ${facts.reload.err}` }
  if (facts.reexec && facts.reexec.rc !== 0) return { changed: false, failed: true, msg: `failure ${facts.reexec.rc} during daemon-reexec: ${facts.reexec.err}` }
  const unit = args.name
  const result: Record<string, unknown> = { name: unit ?? null, status: {} }
  if (unit === undefined) return { changed: false, result }
  const show = facts.show ?? { rc: 1, out: '', err: '' }
  let status: Record<string, string> = {}
  let isSystemd = false
  if (show.rc === 0 && !IGNORED.test(show.out) && !IGNORED.test(show.err)) {
    if (show.out) {
      status = parseSystemctlShow(show.out)
      isSystemd = 'LoadState' in status && status.LoadState !== 'not-found'
      const masked = status.LoadState === 'masked'
      if (isSystemd && !masked && 'LoadError' in status) return { changed: false, failed: true, msg: `Error loading unit file '${unit}': ${status.LoadError}` }
    }
  } else if (!facts.booted) {
    // Ansible ends here with `systemctl`'s own complaint (run_command check_rc): systemd is not the running init.
    return { changed: false, failed: true, msg: show.err.trim() || `System has not been booted with systemd as init system (PID 1). Can't operate.`, result: { rc: show.rc || 1, stdout: '', stderr: show.err } }
  } else {
    isSystemd = ['enabled', 'enabled-runtime', 'linked', 'linked-runtime', 'masked', 'masked-runtime', 'static', 'indirect', 'disabled', 'generated', 'transient'].includes(facts.isEnabled?.out.trim() ?? '')
  }
  result.status = status
  const found = isSystemd || facts.initscript
  if (facts.initscript && !isSystemd) result.warnings = [`The service (${unit}) is actually an init script but the system is managed by systemd`]
  const missing: Plan = { changed: false, failed: true, msg: `Could not find the requested service ${unit}: host` }
  const flags = systemctlFlags(args)
  // Ansible's systemd module fails with systemctl's stderr behind its own words.
  const ctl = (action: string): Extract<Step, { kind: 'exec' }> => ({ kind: 'exec', argv: [facts.systemctl!, ...flags, action, '--', unit], onFailure: { msg: `Unable to ${action} service ${unit}`, stderr: true } })
  const steps: Step[] = []
  let changed = false
  if (args.masked !== undefined) {
    const masked = facts.isEnabled?.out.trim() === 'masked'
    if (masked !== args.masked) {
      changed = true
      // Ansible ignores a failed (un)mask of a unit it found: some systemd versions refuse units that exist only as init scripts.
      steps.push({ ...ctl(args.masked ? 'mask' : 'unmask'), onFailure: found ? 'ignore' : { msg: `Could not find the requested service ${unit}: host`, stderr: false } })
    }
  }
  if (args.enabled !== undefined) {
    if (!found) return missing
    const out = facts.isEnabled?.out ?? ''
    let enabled = facts.isEnabled?.rc === 0 && !['indirect', 'alias'].includes(out.trim())
    if (facts.isEnabled?.rc === 1 && args.scope === 'system' && facts.initscript && !out.trim().endsWith('disabled') && facts.sysvEnabled) enabled = true
    result.enabled = enabled
    if (enabled !== args.enabled) {
      changed = true
      steps.push(ctl(args.enabled ? 'enable' : 'disable'))
      result.enabled = !enabled
    }
  }
  if (args.state !== undefined) {
    if (!found) return missing
    result.state = args.state
    if (!('ActiveState' in status)) return { changed: false, failed: true, msg: 'Service is in unknown state', result: { status } }
    const running = ['active', 'activating'].includes(status.ActiveState!)
    let action: string | undefined
    if (args.state === 'started') action = running ? undefined : 'start'
    else if (args.state === 'stopped') action = running || status.ActiveState === 'deactivating' ? 'stop' : undefined
    else {
      action = running ? args.state.slice(0, -2) : 'start'
      result.state = 'started'
    }
    if (action) {
      changed = true
      steps.push(ctl(action))
    }
  }
  void options
  return changed ? { changed: true, steps, result } : { changed: false, result }
}
