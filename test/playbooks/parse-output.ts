/**
 * Reduces ansible-playbook-style output to what parity compares: for each banner in order, each
 * host's statuses (loop items included), and the PLAY RECAP counters. Completion order within a
 * task is not compared (it varies between runs of either tool).
 */
export interface RunSummary {
  sections: { banner: string; results: Record<string, string[]> }[]
  recap: Record<string, Record<string, number>>
}

const RESULT = /^(ok|changed|skipping|fatal|failed): \[([^\]\s]+)(?: -> [^\]]+)?\](?::? (?:=> )?(\(item=.*?\)))?(?:: (FAILED!|UNREACHABLE!))?/

/** Sections with the same banner as one, in order of first appearance (strategy free). */
function mergeBanners(sections: RunSummary['sections']): RunSummary['sections'] {
  const merged = new Map<string, Record<string, string[]>>()
  for (const { banner, results } of sections) {
    const into = merged.get(banner) ?? {}
    for (const [host, statuses] of Object.entries(results)) into[host] = [...(into[host] ?? []), ...statuses]
    merged.set(banner, into)
  }
  return [...merged].map(([banner, results]) => ({ banner, results }))
}

export function summarize(output: string, options: { anyOrder?: boolean } = {}): RunSummary {
  const sections: RunSummary['sections'] = []
  const recap: RunSummary['recap'] = {}
  let inRecap = false
  let lastHost: string | undefined
  for (const line of output.split('\n')) {
    const banner = /^(PLAY|TASK|RUNNING HANDLER) \[(.*)\] \*+$/.exec(line)
    if (banner) {
      sections.push({ banner: `${banner[1]} [${banner[2]}]`, results: {} })
      continue
    }
    if (/^PLAY RECAP \*+$/.test(line)) {
      inRecap = true
      continue
    }
    if (inRecap) {
      const m = /^(\S+)\s+: (.*)$/.exec(line)
      if (m) recap[m[1]!] = Object.fromEntries([...m[2]!.matchAll(/(\w+)=(\d+)/g)].map((c) => [c[1]!, Number(c[2])]))
      continue
    }
    const section = sections[sections.length - 1]
    if (!section) continue
    if (line === '...ignoring' && lastHost) {
      section.results[lastHost]!.push('ignored')
      continue
    }
    if (line.startsWith('skipping: no hosts matched')) {
      section.results['*'] = ['no hosts matched']
      continue
    }
    const m = RESULT.exec(line)
    if (!m) continue
    const [, word, host, item, kind] = m
    const status = kind === 'UNREACHABLE!' ? 'unreachable' : word === 'fatal' || word === 'failed' ? 'failed' : word === 'skipping' ? 'skipped' : word!
    ;(section.results[host!] ??= []).push(item ? `${status} ${item}` : status)
    lastHost = host
  }
  const compared = options.anyOrder ? mergeBanners(sections) : sections
  for (const section of compared) for (const host of Object.keys(section.results)) section.results[host]!.sort()
  return { sections: compared, recap }
}
