/** A response as curl dumps it (-D): the last block's status line and headers, Ansible-style keys. */
export interface HttpResponse {
  headers: Record<string, string>
  redirected: boolean
}

/** Headers keyed as Ansible's uri returns them: lower case, dashes as underscores. */
export function parseResponseHeaders(dump: string): HttpResponse {
  const blocks = dump.split(/\r?\n\r?\n/).filter((b) => /^HTTP\//.test(b.trim()))
  const last = blocks[blocks.length - 1] ?? ''
  const headers: Record<string, string> = {}
  for (const line of last.split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    headers[line.slice(0, colon).trim().toLowerCase().replace(/-/g, '_')] = line.slice(colon + 1).trim()
  }
  return { headers, redirected: blocks.length > 1 }
}
