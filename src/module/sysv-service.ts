/**
 * Services where systemd is not the running init: init scripts in /etc/init.d run through
 * `service` (or the script itself), boot links managed by update-rc.d. Decisions follow
 * ansible-core 2.14's LinuxService (modules/service.py) for that path.
 */
import { parseSections } from './file-facts.js'
import { quote } from './shell.js'
import { shlexSplit } from './shlex.js'
import type { Plan, Step } from './types.js'

export interface ServiceArgs {
  name: string
  state?: 'started' | 'stopped' | 'restarted' | 'reloaded'
  enabled?: boolean
  sleep?: number
  pattern?: string
  runlevel: string
  arguments: string
  use: string
}

export interface SysvFacts {
  /** Path of the `service` program, if any. */
  service?: string
  updateRcd?: string
  /** /etc/init.d/<name> is a file. */
  initscript: boolean
  /** /etc/rc?.d/S??<name> and K??<name> links exist. */
  startLinks: boolean
  killLinks: boolean
  /** `<service> <name> status`: exit code and stdout without trailing newlines (undefined when there is no way to ask). */
  status?: { rc: number; stdout: string }
  /** `ps auxww` output, when a pattern decides whether the service runs. */
  ps?: string
}

const TOOLS = 'PATH="$PATH:/sbin:/usr/sbin:/bin:/usr/bin"'

/** Read-only shell text: tools, init script, boot links, and the status the init script reports. */
export function sysvGatherScript(args: ServiceArgs): string {
  const name = quote(args.name)
  const script = quote(`/etc/init.d/${args.name}`)
  const extra = shlexSplit(args.arguments).map(quote).join(' ')
  const lines = [
    `${TOOLS}`,
    'echo @@sysv:service; command -v service 2>/dev/null',
    'echo @@sysv:updatercd; command -v update-rc.d 2>/dev/null',
    `echo @@sysv:initscript; [ -f ${script} ] && echo yes`,
    // The name is data inside the glob: quote it, keep the pattern around it live.
    `echo @@sysv:links; for l in /etc/rc?.d/[SK]??${name}; do [ -e "$l" ] || [ -L "$l" ] && echo "\${l#/etc/rc?.d/}" | cut -c1; done`,
  ]
  if (args.state !== undefined) {
    if (args.pattern !== undefined) lines.push('echo @@sysv:ps; ps auxww 2>/dev/null')
    else {
      const status = `if command -v service >/dev/null 2>&1; then service ${name} status ${extra}; elif [ -f ${script} ]; then ${script} status ${extra}; else exit 127; fi`
      lines.push(`echo @@sysv:status; drover_out=$( (${status}) </dev/null 2>/dev/null); drover_rc=$?; echo "$drover_rc"; printf '%s\\n' "$drover_out"`)
    }
  }
  lines.push('echo @@sysv:end')
  return lines.join('\n')
}

export function parseSysvFacts(stdout: string, args: ServiceArgs): SysvFacts {
  const s = parseSections(stdout)
  const text = (key: string) => (s.get(key) ?? '').trim()
  const links = text('sysv:links').split('\n')
  const facts: SysvFacts = {
    service: text('sysv:service') || undefined,
    updateRcd: text('sysv:updatercd') || undefined,
    initscript: text('sysv:initscript') === 'yes',
    startLinks: links.includes('S'),
    killLinks: links.includes('K'),
  }
  if (s.has('sysv:status')) {
    const body = s.get('sysv:status')!
    const newline = body.indexOf('\n')
    const rc = Number(body.slice(0, newline < 0 ? undefined : newline))
    if (rc !== 127 || facts.service || facts.initscript) facts.status = { rc, stdout: newline < 0 ? '' : body.slice(newline + 1).replace(/\n+$/, '') }
  }
  if (s.has('sysv:ps')) facts.ps = s.get('sysv:ps')
  void args
  return facts
}

/** LinuxService.get_service_status for init scripts: exit codes first, then keywords, then rc 0. */
export function sysvRunning(name: string, status: { rc: number; stdout: string }): boolean | undefined {
  if ([1, 2, 3, 4, 69].includes(status.rc)) return false
  // Ansible reads keywords only from one line of output (its count of '\n' <= 1 includes the trailing one).
  if (!status.stdout.replace(/\n+$/, '').includes('\n')) {
    const clean = status.stdout.toLowerCase().split(name.toLowerCase()).join('')
    if (clean.includes('stop')) return false
    if (clean.includes('run')) return !clean.includes('not ')
    if (clean.includes('start') && !clean.includes('not ')) return true
    if (['could not access pid file', 'is dead and pid file exists', 'dead but subsys locked', 'dead but pid file exists'].some((k) => clean.includes(k))) return false
  }
  if (status.rc === 0) return true
  return undefined
}

export function psRunning(pattern: string, ps: string): boolean {
  return ps.split('\n').some((line) => line.includes(pattern) && !line.includes('pattern='))
}

export function sysvPlan(args: ServiceArgs, facts: SysvFacts, options: { check: boolean }): Plan {
  if (!facts.initscript || !facts.updateRcd) return { changed: false, failed: true, msg: `Could not find the requested service ${args.name}: host` }
  const control = (action: string): Step => ({
    kind: 'exec',
    argv: facts.service ? [facts.service, args.name, action, ...shlexSplit(args.arguments)] : [`/etc/init.d/${args.name}`, action, ...shlexSplit(args.arguments)],
  })
  const steps: Step[] = []
  const result: Record<string, unknown> = { name: args.name }
  let changed = false
  if (args.enabled !== undefined) {
    if (args.enabled !== facts.startLinks) {
      changed = true
      if (args.enabled && !facts.killLinks) steps.push({ kind: 'exec', argv: [facts.updateRcd, args.name, 'defaults'] })
      steps.push({ kind: 'exec', argv: [facts.updateRcd, args.name, args.enabled ? 'enable' : 'disable'] })
    }
    result.enabled = args.enabled
  }
  if (args.state === undefined) return changed ? { changed: true, steps, result } : { changed: false, result }
  const running = args.pattern !== undefined ? (facts.ps !== undefined ? psRunning(args.pattern, facts.ps) : undefined) : facts.status && sysvRunning(args.name, facts.status)
  if (running === undefined) return { changed: false, failed: true, msg: 'failed determining service state, possible typo of service name?' }
  const state = args.state
  const change = (!running && (state === 'reloaded' || state === 'started')) || (running && (state === 'reloaded' || state === 'stopped')) || state === 'restarted'
  // In check mode Ansible exits here with only this message.
  if (change && options.check) return { changed: true, steps: [], result: { msg: 'service state changed' } }
  if (change) {
    if (state === 'started' || (state === 'reloaded' && !running)) steps.push(control('start'))
    else if (state === 'stopped') steps.push(control('stop'))
    else if (state === 'reloaded') steps.push(control('reload'))
    else {
      steps.push(control('stop'))
      if (args.sleep) steps.push({ kind: 'exec', argv: ['sleep', String(args.sleep)] })
      steps.push(control('start'))
    }
  }
  result.state = state === 'stopped' ? 'stopped' : 'started'
  return changed || change ? { changed: true, steps, result } : { changed: false, result }
}
