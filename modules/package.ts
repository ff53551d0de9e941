import { ModuleRegistry } from '../src/module/registry.js'
import { DETECT_MANAGER, managerOf, packageCommand, packagesProbe, parsePackages, type Manager } from '../src/module/package-managers.js'
import { commandLine } from '../src/module/shell.js'
import type { ActionModule, ModuleResult } from '../src/module/types.js'
import { apt } from './apt.js'

export interface PackageArgs {
  name: string[]
  state: 'present' | 'installed' | 'latest' | 'absent' | 'removed'
  use: string
  [extra: string]: unknown
}

/** apt's own schema checks what package forwards to it (names, defaults, the rest of its options). */
const APT = new ModuleRegistry([apt])

export const packageModule: ActionModule<PackageArgs> = {
  kind: 'action',
  name: 'package',
  shortDescription: 'Generic OS package manager',
  description:
    'Installs, upgrades or removes packages with the host\'s package manager, as Ansible\'s package proxies to it: apt (the apt module, ' +
    'with any other apt options given), dnf, yum or apk (install/upgrade/remove of the named packages). use forces a manager.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    additionalProperties: true,
    aliases: { pkg: 'name' },
    required: ['name', 'state'],
    properties: {
      name: { type: 'array', items: { type: 'string' }, description: 'Package names (with the manager\'s version syntax, if any).' },
      state: { type: 'string', enum: ['present', 'installed', 'latest', 'absent', 'removed'], description: 'present/installed, latest, or absent/removed.' },
      use: { type: 'string', default: 'auto', description: 'auto (detect on the host), apt, dnf, yum or apk.' },
    },
  },
  returns: {
    results: { type: 'list', description: 'What the manager did (dnf, yum, apk).', returned: 'changed, not apt' },
    stdout: { type: 'str', description: 'The manager\'s output.', returned: 'changed' },
  },
  examples: ['- name: Install ntpdate on any distribution', '  ansible.builtin.package:', '    name: ntpdate', '    state: present'].join('\n'),

  async run(args, context): Promise<ModuleResult> {
    const { use, ...rest } = args
    let manager: Manager | undefined = use === 'auto' ? undefined : (use as Manager)
    if (!manager) manager = managerOf((await context.connection.exec(DETECT_MANAGER)).stdout.toString('utf8'))
    if (!manager || !['apt', 'dnf', 'yum', 'apk'].includes(manager)) {
      return { failed: true, changed: false, msg: `Could not find a module for ${manager ?? 'unknown'}.` }
    }
    if (manager === 'apt') {
      const state = rest.state === 'installed' ? 'present' : rest.state === 'removed' ? 'absent' : rest.state
      return apt.run(APT.prepareArgs(apt, { ...rest, state }) as never, context)
    }
    const extra = Object.keys(rest).filter((k) => k !== 'name' && k !== 'state')
    if (extra.length) return { failed: true, changed: false, msg: `Unsupported parameters for (${manager}) module: ${extra.join(', ')}` }
    const packages = parsePackages((await context.connection.exec(packagesProbe(manager, args.name))).stdout.toString('utf8'), args.name)
    const argv = packageCommand(manager, args.state, packages)
    if (!argv) return { changed: false, msg: 'Nothing to do', results: [] }
    if (context.check) return { changed: true, results: [] }
    const out = await context.connection.exec(commandLine(argv))
    const stdout = out.stdout.toString('utf8')
    const stderr = out.stderr.toString('utf8')
    if (out.rc !== 0) return { changed: false, failed: true, rc: out.rc, msg: stderr.trim() || stdout.trim(), stdout, stderr, results: [] }
    return { changed: true, rc: 0, stdout, stderr, results: [stdout] }
  },
}
