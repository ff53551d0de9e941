import { parseSections } from '../src/module/file-facts.js'
import { parseSysvFacts, sysvGatherScript, sysvPlan, type ServiceArgs, type SysvFacts } from '../src/module/sysv-service.js'
import { parseSystemdFacts, systemdGatherScript, systemdPlan, type SystemdArgs, type SystemdFacts } from '../src/module/systemd-unit.js'
import type { Plan, StateModule } from '../src/module/types.js'

export type { ServiceArgs } from '../src/module/sysv-service.js'

export type ServiceFacts = { manager: 'systemd'; systemd: SystemdFacts } | { manager: 'sysv'; sysv: SysvFacts }

function asSystemd(args: ServiceArgs): SystemdArgs {
  return { name: args.name, state: args.state, enabled: args.enabled, daemon_reload: false, daemon_reexec: false, scope: 'system', no_block: false }
}

/**
 * Options only init scripts use. Ansible's service action drops them, with a warning, before it
 * hands the task to the systemd module; the ones with defaults here count when they differ from it.
 */
function unusedBySystemd(args: ServiceArgs): string[] {
  const unused: string[] = []
  if (args.pattern !== undefined) unused.push('pattern')
  if (args.runlevel !== undefined && args.runlevel !== 'default') unused.push('runlevel')
  if (args.sleep !== undefined) unused.push('sleep')
  if (args.arguments) unused.push('arguments')
  return unused
}

/** `use` names the manager; `auto` asks the host whether systemd is the running init (as Ansible's service_mgr fact). */
function manager(args: ServiceArgs): string {
  if (args.use === 'systemd') return 'true'
  if (args.use === 'auto') return '[ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1'
  return 'false'
}

export const service: StateModule<ServiceArgs, ServiceFacts> = {
  kind: 'state',
  name: 'service',
  shortDescription: 'Manages services',
  description:
    'Starts, stops, restarts or reloads a service and sets whether it starts at boot. Where systemd is the running init this is the systemd ' +
    'module; elsewhere init scripts in /etc/init.d are run through `service` (status decides whether it runs, as Ansible reads it), and ' +
    'boot links are managed with update-rc.d. restarted and reloaded always change.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    aliases: { args: 'arguments' },
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Name of the service.' },
      state: { type: 'string', enum: ['started', 'stopped', 'restarted', 'reloaded'], description: 'started/stopped are idempotent; restarted and reloaded always act.' },
      enabled: { type: 'boolean', description: 'Whether the service starts at boot.' },
      sleep: { type: 'integer', description: 'Seconds between stop and start when restarting (init scripts).' },
      pattern: { type: 'string', description: 'A substring of `ps auxww` output that means the service runs, instead of its status command.' },
      runlevel: { type: 'string', default: 'default', description: 'For OpenRC only; accepted for compatibility.' },
      arguments: { type: 'string', default: '', description: 'Extra arguments for the init script (alias args).' },
      use: { type: 'string', default: 'auto', description: 'The service manager: auto, systemd, or service/sysvinit for init scripts.' },
    },
  },
  returns: {
    name: { type: 'str', description: 'The service name.' },
    state: { type: 'str', description: 'started or stopped, as requested.', returned: 'state given' },
    enabled: { type: 'bool', description: 'Whether it starts at boot.', returned: 'enabled given' },
    status: { type: 'dict', description: 'systemctl show properties.', returned: 'systemd hosts' },
  },
  examples: [
    '- name: Start nginx and enable it at boot',
    '  ansible.builtin.service:',
    '    name: nginx',
    '    state: started',
    '    enabled: true',
  ].join('\n'),

  async gather(args, host) {
    const systemdArgs = asSystemd(args)
    const script = `if ${manager(args)}; then echo @@svc:systemd\n${systemdGatherScript(systemdArgs, false)}\nelse echo @@svc:sysv\n${sysvGatherScript(args)}\nfi`
    const out = (await host.run(script)).stdout.toString('utf8')
    return parseSections(out).has('svc:systemd') ? { manager: 'systemd', systemd: parseSystemdFacts(out) } : { manager: 'sysv', sysv: parseSysvFacts(out, args) }
  },

  plan(args, facts, options): Plan {
    if (args.state === undefined && args.enabled === undefined) return { changed: false, failed: true, msg: 'one of the following is required: state, enabled' }
    if (facts.manager === 'sysv') return sysvPlan(args, facts.sysv, options)
    const plan = systemdPlan(asSystemd(args), facts.systemd, options)
    const unused = unusedBySystemd(args)
    if (unused.length === 0) return plan
    const warnings = [...unused.map((o) => `Ignoring "${o}" as it is not used in "systemd"`), ...((plan.result?.warnings as string[] | undefined) ?? [])]
    return { ...plan, result: { ...plan.result, warnings } }
  },
}
