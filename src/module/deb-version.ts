/**
 * Debian version ordering (deb-version(7)), as apt_pkg.version_compare: the plan decides `latest`,
 * `name>=1.2` and `deb=` against the installed version without asking the host again.
 */

function order(c: string): number {
  if (c === '~') return -1
  if (/[0-9]/.test(c)) return 0
  if (c === '') return 0
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0)
  return c.charCodeAt(0) + 256
}

/** One part (upstream or revision): alternating non-digit and digit runs. */
function comparePart(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    let firstDiff = 0
    while ((i < a.length && !/[0-9]/.test(a[i]!)) || (j < b.length && !/[0-9]/.test(b[j]!))) {
      const ac = order(i < a.length && !/[0-9]/.test(a[i]!) ? a[i]! : '')
      const bc = order(j < b.length && !/[0-9]/.test(b[j]!) ? b[j]! : '')
      if (ac !== bc) return ac - bc
      i++
      j++
    }
    while (a[i] === '0') i++
    while (b[j] === '0') j++
    while (i < a.length && /[0-9]/.test(a[i]!) && j < b.length && /[0-9]/.test(b[j]!)) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j)
      i++
      j++
    }
    if (i < a.length && /[0-9]/.test(a[i]!)) return 1
    if (j < b.length && /[0-9]/.test(b[j]!)) return -1
    if (firstDiff) return firstDiff
  }
  return 0
}

function split(version: string): [number, string, string] {
  const colon = version.indexOf(':')
  const epoch = colon > 0 && /^\d+$/.test(version.slice(0, colon)) ? Number(version.slice(0, colon)) : 0
  const rest = colon > 0 ? version.slice(colon + 1) : version
  const dash = rest.lastIndexOf('-')
  return dash >= 0 ? [epoch, rest.slice(0, dash), rest.slice(dash + 1)] : [epoch, rest, '']
}

/** Negative, zero or positive as `a` sorts before, equal to or after `b`. */
export function compareDebVersions(a: string, b: string): number {
  const [ea, ua, ra] = split(a)
  const [eb, ub, rb] = split(b)
  if (ea !== eb) return ea - eb
  return comparePart(ua, ub) || comparePart(ra, rb)
}
