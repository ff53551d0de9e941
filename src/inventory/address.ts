/**
 * Host addresses and `[a:b]` ranges as ansible-core 2.14 reads them
 * (parsing/utils/addresses.py and plugins/inventory/__init__.py expand_hostname_range).
 */

const numericRange = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`
const hexRange = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`
const alnumRange = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`
const i6 = String.raw`(?:[0-9a-f]{1,4}|${hexRange})`
const i4 = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${numericRange})`
// Python's \w is Unicode-aware; so is this one.
const w = String.raw`[\p{L}\p{N}_]`
const label = String.raw`(?:${w}|${alnumRange})(?:${w}|[_-]|${alnumRange})*(?<![_-])`

const BRACKETED_HOSTPORT = /^\[(.+)\]:([0-9]+)$/
const HOSTPORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/
export const IPV4 = new RegExp(String.raw`^(?:${i4}\.){3}${i4}$`, 'i')
export const IPV6 = new RegExp(
  '^(?:' +
    [
      `(?:${i6}:){7}${i6}`,
      `(?:${i6}:){1,6}:`,
      `(?:${i6}:)(?::${i6}){1,6}`,
      `(?:${i6}:){2}(?::${i6}){1,5}`,
      `(?:${i6}:){3}(?::${i6}){1,4}`,
      `(?:${i6}:){4}(?::${i6}){1,3}`,
      `(?:${i6}:){5}(?::${i6}){1,2}`,
      `(?:${i6}:){6}(?::${i6})`,
      `:(?::${i6}){1,6}`,
      `${i6}?::`,
      String.raw`(?:0:){6}(?:${i6}\.){3}${i6}`,
      String.raw`::(?:ffff:)?(?:${i6}\.){3}${i6}`,
      String.raw`(?:0:){5}ffff:(?:${i6}\.){3}${i6}`,
    ].join('|') +
    ')$',
  'i',
)
const HOSTNAME = new RegExp(String.raw`^${label}(?:\.${label})*$`, 'iu')
// The same rule for plain ASCII names, which most are: V8 compiles the Unicode pattern above slowly
// (milliseconds of every run's start-up), so it is only consulted when this one does not match.
const asciiLabel = '(?:[a-z0-9]|[a-z0-9_][a-z0-9_-]*[a-z0-9])'
const ASCII_HOSTNAME = new RegExp(`^${asciiLabel}(?:\\.${asciiLabel})*$`, 'i')

export class AddressError extends Error {}

/**
 * Split `host[:port]` / `[host]:port`. Throws AddressError when the host part is not a hostname,
 * IPv4 or IPv6 address (callers decide whether that is fatal, as ansible's do).
 */
export function parseAddress(address: string, allowRanges = false): { host: string; port?: number } {
  let port: number | undefined
  // Both port forms are tried in turn on what is left, exactly as addresses.py loops.
  for (const re of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const m = re.exec(address)
    if (m) {
      address = m[1]
      port = Number.parseInt(m[2], 10)
    }
  }
  if (!(ASCII_HOSTNAME.test(address) || IPV4.test(address) || IPV6.test(address) || HOSTNAME.test(address))) {
    throw new AddressError(`Not a valid network hostname: ${address}`)
  }
  if (!allowRanges && address.includes('[')) throw new AddressError('Detected range in host but was asked to ignore ranges')
  return { host: address, port }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

function pyInt(s: string): number {
  const t = s.trim().replace(/_/g, '')
  if (!/^[+-]?\d+$/.test(t)) throw new RangeError(`invalid literal for int() with base 10: '${s}'`)
  return Number.parseInt(t, 10)
}

/** Expand every `[beg:end(:step)]` in a host name (ends inclusive, zero padding kept). */
export function expandHostnameRange(line: string): string[] {
  const open = line.indexOf('[')
  const rest = line.slice(open + 1)
  const close = rest.indexOf(']')
  if (close < 0) throw new RangeError('not enough values to unpack (expected 3, got 2)')
  const head = line.slice(0, open)
  const nrange = rest.slice(0, close)
  const tail = rest.slice(close + 1)
  if (nrange.includes('|') || head.includes('|') || tail.includes('|')) {
    throw new RangeError('too many values to unpack (expected 3)')
  }
  const bounds = nrange.split(':')
  if (bounds.length !== 2 && bounds.length !== 3) throw new RangeError('host range must be begin:end or begin:end:step')
  let beg = bounds[0]
  const end = bounds[1]
  const step = bounds.length === 3 ? pyInt(bounds[2]) : 1
  if (!beg) beg = '0'
  if (!end) throw new RangeError('host range must specify end value')
  let fill = (x: string | number) => String(x)
  if (beg[0] === '0' && beg.length > 1) {
    const rlen = beg.length
    if (rlen !== end.length) throw new RangeError('host range must specify equal-length begin and end formats')
    fill = (x) => String(x).padStart(rlen, '0')
  }
  let seq: Array<string | number>
  const ib = LETTERS.indexOf(beg)
  const ie = LETTERS.indexOf(end)
  if (ib >= 0 && ie >= 0) {
    if (ib > ie) throw new RangeError('host range must have begin <= end')
    if (step === 0) throw new RangeError('slice step cannot be zero')
    seq = []
    if (step > 0) for (let i = ib; i <= ie; i += step) seq.push(LETTERS[i])
  } else {
    const b = pyInt(beg)
    const e = pyInt(end)
    if (step === 0) throw new RangeError('range() arg 3 must not be zero')
    seq = []
    if (step > 0) for (let i = b; i <= e; i += step) seq.push(i)
    else for (let i = b; i > e + 1; i += step) seq.push(i)
  }
  const out: string[] = []
  for (const r of seq) {
    const name = head + fill(r) + tail
    if (name.includes('[')) out.push(...expandHostnameRange(name))
    else out.push(name)
  }
  return out
}

/**
 * A host key from an inventory source: optional port, then ranges expanded
 * (plugins/inventory/__init__.py _expand_hostpattern).
 */
export function expandHostPattern(pattern: string): { hosts: string[]; port?: number } {
  // without `:` or `[` there is no port to split off and no range: the name is used as written
  if (!pattern.includes(':') && !pattern.includes('[')) return { hosts: [pattern] }
  let host = pattern
  let port: number | undefined
  try {
    ;({ host, port } = parseAddress(pattern, true))
  } catch {
    host = pattern
    port = undefined
  }
  const hosts = host.includes('[') ? expandHostnameRange(host) : [host]
  return { hosts, port }
}
