import type { NetworkModule } from '../src/module/types.js'
import { factCommands, parseFacts } from '../src/network/facts.js'

interface NetworkFactsArgs {
  gather_subset: string[]
}

/** The subsets Ansible's ios_facts/eos_facts know; `min`/`default` are always gathered. */
const SUBSETS = ['all', 'min', 'default', 'hardware', 'config', 'interfaces']

/**
 * One module for every platform's facts (the device's platform file says which show commands and
 * patterns): registered as ios_facts, eos_facts and junos_facts, and run by gather_facts on
 * network_cli hosts as Ansible's `smart` facts do.
 */
const network_facts: NetworkModule<NetworkFactsArgs> = {
  kind: 'network',
  name: 'ios_facts',
  shortDescription: 'Collect facts from network devices over network_cli',
  description:
    'Runs the show commands the device platform names (show version, show interfaces, …) and returns ansible_net_hostname, ' +
    'ansible_net_version, ansible_net_model, ansible_net_serialnum, ansible_net_image and, with the `interfaces` or `all` subset, ' +
    'ansible_net_interfaces and ansible_net_all_ipv4_addresses. The same module answers as ios_facts, eos_facts, junos_facts and their FQCNs; ' +
    'what it sends follows ansible_network_os, not the name used.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    properties: {
      gather_subset: { type: 'array', items: { type: 'string' }, default: ['min'], description: 'Which facts to collect: min, interfaces, all (`!x` excludes x).' },
      gather_network_resources: { type: 'array', items: { type: 'string' }, description: 'Not supported: accepted and ignored so playbooks written for Ansible run.' },
    },
  },
  returns: {
    ansible_facts: { type: 'dict', description: 'ansible_net_hostname, ansible_net_version, ansible_net_model, ansible_net_serialnum, ansible_net_interfaces, …' },
  },
  examples: ['- name: Gather interface facts', '  cisco.ios.ios_facts:', '    gather_subset: interfaces', '', '- debug:', '    var: ansible_net_interfaces'].join('\n'),

  async run(args, context) {
    const wanted = new Set(args.gather_subset.map((s) => s.trim()))
    const unknown = [...wanted].map((s) => s.replace(/^!/, '')).filter((s) => !SUBSETS.includes(s))
    if (unknown.length) return { changed: false, failed: true, msg: `Subset must be one of [${SUBSETS.filter((s) => s !== 'min' && s !== 'default').join(', ')}], got ${unknown.join(', ')}` }
    const withInterfaces = (wanted.has('all') || wanted.has('interfaces')) && !wanted.has('!interfaces') && !wanted.has('!all')
    const spec = context.cli.platform.facts
    const outputs: Record<string, string> = {}
    for (const command of factCommands(spec)) {
      if (command === spec.interfaces.command && !withInterfaces) continue
      outputs[command] = await context.cli.run(command)
    }
    const facts = parseFacts(spec, outputs, context.cli.platform.name)
    if (!withInterfaces) {
      delete facts.ansible_net_interfaces
      delete facts.ansible_net_all_ipv4_addresses
    }
    facts.ansible_net_gather_subset = withInterfaces ? ['default', 'interfaces'] : ['default']
    return { changed: false, ansible_facts: facts }
  },
}

/** The names Ansible users write for each platform's facts (with their FQCNs through `collection`). */
export const NETWORK_FACTS_MODULES: readonly NetworkModule<NetworkFactsArgs>[] = [
  { ...network_facts, name: 'ios_facts', collection: 'cisco.ios' },
  { ...network_facts, name: 'eos_facts', collection: 'arista.eos' },
  { ...network_facts, name: 'junos_facts', collection: 'junipernetworks.junos' },
]
