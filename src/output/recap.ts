/** The PLAY RECAP block, column for column as Ansible prints it. */
import type { HostStats } from './events.js'
import type { Colorize } from './color.js'
import { COLORS } from './color.js'

const COUNTERS: [keyof HostStats, string][] = [
  ['ok', COLORS.ok],
  ['changed', COLORS.changed],
  ['unreachable', COLORS.unreachable],
  ['failed', COLORS.error],
  ['skipped', COLORS.skip],
  ['rescued', COLORS.ok],
  ['ignored', COLORS.warn],
]

export function recapLines(stats: Record<string, HostStats>, colorize: Colorize): string[] {
  return Object.keys(stats)
    .sort()
    .map((host) => {
      const s = stats[host]!
      const hostColor = s.failed > 0 || s.unreachable > 0 ? COLORS.error : s.changed > 0 ? COLORS.changed : COLORS.ok
      const counters = COUNTERS.map(([key, color]) => {
        const text = `${key}=${String(s[key]).padEnd(4)}`
        return s[key] > 0 ? colorize(text, color) : text
      })
      // Padding is computed on the visible name so coloured and plain output line up alike.
      const name = colorize(host, hostColor) + ' '.repeat(Math.max(0, 26 - host.length))
      return `${name} : ${counters.join(' ')}`
    })
}
