import type { HarnessHost } from './types.js'

export interface InventoryLogin {
  user: string
  clientKey: string
}

/** An Ansible INI inventory: one line per host with its connection vars, then one section per group. */
export function renderInventory(
  hosts: HarnessHost[],
  login: InventoryLogin,
  groups: Record<string, string[]> = {},
): string {
  const names = new Set(hosts.map((h) => h.name))
  const lines = hosts.map((h) =>
    [
      h.name,
      `ansible_host=${h.address}`,
      `ansible_port=${h.port}`,
      `ansible_user=${login.user}`,
      `ansible_ssh_private_key_file=${login.clientKey}`,
      `harness_scratch=${h.scratch}`,
    ].join(' '),
  )
  for (const [group, members] of Object.entries(groups)) {
    // A name not listed above would become a host without connection vars: a test bug, say so.
    const unknown = members.filter((m) => !names.has(m))
    if (unknown.length > 0) throw new Error(`harness: group ${group} names unknown hosts: ${unknown.join(', ')}`)
    lines.push('', `[${group}]`, ...members)
  }
  return `${lines.join('\n')}\n`
}
