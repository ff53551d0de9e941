/** Version comparison for the `version` test: loose (default), strict, semver, pep440 (approximated as loose). */
import { PyError } from '../values.js'

type Part = number | string

function loose(v: string): Part[] {
  return (v.match(/\d+|[a-z]+|\./gi) ?? []).filter((p) => p !== '.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
}

function cmpParts(a: Part[], b: Part[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]
    const y = b[i]
    if (typeof x !== typeof y) throw new PyError('TypeError', `'<' not supported between instances of '${typeof x === 'number' ? 'int' : 'str'}' and '${typeof y === 'number' ? 'int' : 'str'}'`)
    if (x < y) return -1
    if (x > y) return 1
  }
  return a.length - b.length
}

function strict(v: string): Part[] {
  const m = /^(\d+)\.(\d+)(\.(\d+))?([ab](\d+))?$/.exec(v)
  if (!m) throw new PyError('ValueError', `invalid version number '${v}'`)
  // a release sorts after its pre-releases: 'z' stands in for "no pre-release"
  return [Number(m[1]), Number(m[2]), Number(m[4] ?? 0), m[5] ? m[5][0] : 'z', Number(m[6] ?? 0)]
}

function semver(v: string): { core: number[]; pre: Part[] } {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v)
  if (!m) throw new PyError('ValueError', `invalid semantic version '${v}'`)
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [] }
}

function cmpSemver(a: string, b: string): number {
  const x = semver(a)
  const y = semver(b)
  const c = cmpParts(x.core, y.core)
  if (c) return c
  if (!x.pre.length || !y.pre.length) return (x.pre.length ? -1 : 0) - (y.pre.length ? -1 : 0)
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i]
    const q = y.pre[i]
    if (p === q) continue
    if (typeof p === 'number' && typeof q === 'number') return p - q
    if (typeof p === 'number') return -1
    if (typeof q === 'number') return 1
    return p < q ? -1 : 1
  }
  return x.pre.length - y.pre.length
}

export function compareVersions(a: string, b: string, type: string): number {
  switch (type) {
    case 'strict': return cmpParts(strict(a), strict(b))
    case 'semver': case 'semantic': return cmpSemver(a, b)
    default: return cmpParts(loose(a), loose(b))
  }
}
