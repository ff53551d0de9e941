import { parseSystemdFacts, systemdGatherScript, systemdPlan, type SystemdArgs, type SystemdFacts } from '../src/module/systemd-unit.js'
import { runStateModule } from '../src/executor/state-module.js'
import type { ActionModule, ControllerContext, HostProbe, Plan } from '../src/module/types.js'

export type { SystemdArgs } from '../src/module/systemd-unit.js'

/** The pure decision, exported for plan fixtures. */
export function planSystemd(args: SystemdArgs, facts: SystemdFacts, options: { check: boolean }): Plan {
  if (args.state === undefined && args.enabled === undefined && args.masked === undefined && !args.daemon_reload && !args.daemon_reexec) {
    return { changed: false, failed: true, msg: 'one of the following is required: state, enabled, masked, daemon_reload, daemon_reexec' }
  }
  for (const key of ['state', 'enabled', 'masked'] as const) {
    if (args[key] !== undefined && args.name === undefined) return { changed: false, failed: true, msg: `missing parameter(s) required by '${key}': name` }
  }
  if (args.name !== undefined && /[*?[]/.test(args.name)) {
    const glob = ['*', '?', '['].find((g) => args.name!.includes(g))
    return { changed: false, failed: true, msg: `This module does not currently support using glob patterns, found '${glob}' in service name: ${args.name}` }
  }
  return systemdPlan(args, facts, options)
}

async function gatherSystemd(args: SystemdArgs, host: HostProbe, check: boolean): Promise<SystemdFacts> {
  return parseSystemdFacts((await host.run(systemdGatherScript(args, check))).stdout.toString('utf8'))
}

const NO_CONTROLLER = {} as ControllerContext

/**
 * A state module run by hand: daemon_reload must run before the unit is read (in the gather frame)
 * but not in check mode, and a state module's gather is not told about check mode.
 */
export const systemd: ActionModule<SystemdArgs> = {
  kind: 'action',
  name: 'systemd',
  shortDescription: 'Manages systemd units',
  description:
    'Starts, stops, restarts, reloads, enables, masks systemd units and reloads systemd, with systemctl. Needs systemd as the running init: ' +
    'elsewhere it fails with systemctl\'s own message, as Ansible does (use the service module there). daemon_reload runs before the unit is ' +
    'read and is not reported as a change.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    aliases: { service: 'name', unit: 'name', 'daemon-reload': 'daemon_reload', 'daemon-reexec': 'daemon_reexec' },
    properties: {
      name: { type: 'string', description: 'Unit name (aliases service, unit); `.service` may be left out.' },
      state: { type: 'string', enum: ['reloaded', 'restarted', 'started', 'stopped'], description: 'started/stopped are idempotent; restarted and reloaded always act.' },
      enabled: { type: 'boolean', description: 'Whether the unit starts at boot.' },
      force: { type: 'boolean', description: 'systemctl --force (overrides existing symlinks).' },
      masked: { type: 'boolean', description: 'Whether the unit is masked.' },
      daemon_reload: { type: 'boolean', default: false, description: 'Run systemctl daemon-reload first.' },
      daemon_reexec: { type: 'boolean', default: false, description: 'Run systemctl daemon-reexec first.' },
      scope: { type: 'string', default: 'system', enum: ['system', 'user', 'global'], description: 'The systemd manager to talk to.' },
      no_block: { type: 'boolean', default: false, description: 'systemctl --no-block: do not wait for the job.' },
    },
  },
  returns: {
    name: { type: 'str', description: 'The unit name.' },
    status: { type: 'dict', description: 'The unit\'s properties from systemctl show.' },
    state: { type: 'str', description: 'The requested state.', returned: 'state given' },
    enabled: { type: 'bool', description: 'Whether the unit starts at boot.', returned: 'enabled given' },
  },
  examples: [
    '- name: Reload systemd and restart the app',
    '  ansible.builtin.systemd:',
    '    name: app',
    '    state: restarted',
    '    daemon_reload: true',
  ].join('\n'),

  run(args, context) {
    const unit = { ...systemd, kind: 'state' as const, gather: (a: SystemdArgs, host: HostProbe) => gatherSystemd(a, host, context.check), plan: planSystemd }
    return runStateModule(unit, args as unknown as Record<string, unknown>, { connection: context.connection, controller: context.controller ?? NO_CONTROLLER, check: context.check, diff: context.diff })
  },
}
