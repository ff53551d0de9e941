/**
 * Network facts from show command output, by the platform's patterns: the `ansible_net_*` facts
 * Ansible's ios_facts/eos_facts return for the default subset. Pure: outputs in, facts out.
 */
import type { FactPattern, FactsSpec } from './platform.js'

/** The show commands the facts need, each once. */
export function factCommands(spec: FactsSpec): string[] {
  const singles = [spec.hostname, spec.version, spec.model, spec.serialnum, spec.image].filter((p): p is FactPattern => p !== undefined)
  return [...new Set([...singles.map((p) => p.command), spec.interfaces.command])]
}

function pick(pattern: FactPattern | undefined, outputs: Record<string, string>): string | null {
  if (!pattern) return null
  const match = new RegExp(pattern.pattern, pattern.flags).exec(outputs[pattern.command] ?? '')
  return match?.[1] ?? null
}

export interface InterfaceFacts {
  description: string | null
  macaddress: string | null
  mtu: number | null
  bandwidth: number | null
  duplex: string | null
  lineprotocol: string
  operstatus: string
  type: string | null
  mediatype: string | null
  ipv4: { address: string; subnet: string }[]
}

export function parseInterfaces(spec: FactsSpec['interfaces'], output: string): Record<string, InterfaceFacts> {
  const start = new RegExp(spec.start)
  const interfaces: Record<string, InterfaceFacts> = {}
  let block: string[] = []
  let head: RegExpExecArray | null = null
  const flush = (): void => {
    if (!head) return
    const text = block.join('\n')
    const field = (name: string): string | null => {
      const source = spec.fields[name]
      return source === undefined ? null : (new RegExp(source, 'm').exec(text)?.[1] ?? null)
    }
    const number = (name: string): number | null => {
      const value = field(name)
      return value === null ? null : Number(value)
    }
    const ipv4 = [...text.matchAll(new RegExp(spec.ipv4, 'g'))].map((m) => {
      const [address = '', subnet = ''] = m[1]!.split('/')
      return { address, subnet }
    })
    interfaces[head[1]!] = {
      description: field('description'),
      macaddress: field('macaddress'),
      mtu: number('mtu'),
      bandwidth: number('bandwidth'),
      duplex: field('duplex'),
      lineprotocol: head[3] ?? 'down',
      operstatus: head[2] ?? 'down',
      type: field('type'),
      mediatype: field('mediatype'),
      ipv4,
    }
  }
  for (const line of output.split('\n')) {
    const match = start.exec(line)
    if (match) {
      flush()
      head = match
      block = []
    } else block.push(line)
  }
  flush()
  return interfaces
}

export function parseFacts(spec: FactsSpec, outputs: Record<string, string>, networkOs: string): Record<string, unknown> {
  const interfaces = parseInterfaces(spec.interfaces, outputs[spec.interfaces.command] ?? '')
  const facts: Record<string, unknown> = {
    ansible_net_hostname: pick(spec.hostname, outputs),
    ansible_net_version: pick(spec.version, outputs),
    ansible_net_model: pick(spec.model, outputs),
    ansible_net_serialnum: pick(spec.serialnum, outputs),
    ansible_net_interfaces: interfaces,
    ansible_net_all_ipv4_addresses: Object.values(interfaces).flatMap((i) => i.ipv4.map((a) => a.address)),
    ansible_net_system: networkOs,
    ansible_net_gather_subset: ['default', 'interfaces'],
    ansible_net_api: 'cliconf',
    ansible_network_resources: {},
  }
  if (spec.image) facts.ansible_net_image = pick(spec.image, outputs)
  return facts
}
