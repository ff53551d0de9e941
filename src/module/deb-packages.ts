/**
 * What the apt module knows about a Debian host, read in one frame with dpkg-query and
 * apt-cache (no python-apt on the target): each package's dpkg status, installed version,
 * candidate and available versions, and the apt cache's age.
 */
import { compareDebVersions } from './deb-version.js'
import { parseSections } from './file-facts.js'
import { fnmatch } from './fnmatch.js'
import { quote } from './shell.js'

export interface DebPackage {
  name: string
  /** dpkg's Status field (`install ok installed`, `deinstall ok config-files`), or undefined when dpkg never saw it. */
  status?: string
  /** The version dpkg has installed (only when status says installed). */
  installed?: string
  /** apt's candidate, or undefined when apt has no installable version. */
  candidate?: string
  /** Every version apt knows (repositories and the installed one), any order. */
  versions: string[]
  /** apt-cache policy printed an entry: the name is known to apt (maybe only as a virtual package). */
  known: boolean
  /** apt-mark has it as automatically installed (Ansible marks requested packages manual). */
  auto: boolean
}

export interface CacheTimes {
  /** mtime of apt's update stamp, else of /var/lib/apt/lists, else 0 (Ansible's cache_update_time). */
  mtime: number
  now: number
}

export interface DebFile {
  path: string
  name?: string
  version?: string
  installed?: string
  error?: string
}

/** `name`, `name=version` or `name>=version`, split as Ansible's package_split. */
export function splitSpec(spec: string): { name: string; cmp?: '=' | '>='; version?: string } {
  const m = /^(.*?)(>?=)(.*)$/s.exec(spec)
  return m ? { name: m[1]!, cmp: m[2] as '=' | '>=', version: m[3]! } : { name: spec }
}

const CACHE_TIMES = [
  '@@apt:mtime',
  'stat -c %Y /var/lib/apt/periodic/update-success-stamp 2>/dev/null || stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0',
  '@@apt:now',
  'date +%s',
]

/** One frame: cache times, then dpkg status and apt policy for each name. */
export function debGatherScript(names: readonly string[], debs: readonly string[] = []): string {
  const lines = CACHE_TIMES.map((l) => (l.startsWith('@@') ? `echo ${l}` : l))
  names.forEach((name, i) => {
    const q = quote(name)
    lines.push(`echo @@dpkg:p${i}`, `dpkg-query -W -f='\${Status}|\${Version}\\n' -- ${q} 2>/dev/null`)
    lines.push(`echo @@policy:p${i}`, `apt-cache policy -- ${q} 2>/dev/null`)
  })
  if (names.length) lines.push('echo @@apt:auto', `apt-mark showauto -- ${names.map(quote).join(' ')} 2>/dev/null`)
  debs.forEach((path, i) => {
    const q = quote(path)
    lines.push(`echo @@deb:d${i}`, `dpkg-deb -f -- ${q} Package Version 2>&1 || echo "@@deb:err${i}"`)
    lines.push(`echo @@debinst:d${i}`, `dpkg-query -W -f='\${Status}|\${Version}\\n' -- "$(dpkg-deb -f -- ${q} Package 2>/dev/null)" 2>/dev/null`)
  })
  lines.push('echo @@apt:end')
  return lines.join('\n')
}

function dpkgStatus(text: string | undefined): { status?: string; installed?: string } {
  const line = (text ?? '').split('\n').find((l) => l.includes('|'))
  if (!line) return {}
  const [status, version] = line.split('|') as [string, string]
  return { status, installed: / installed$/.test(status) ? version : undefined }
}

/** `apt-cache policy` for one package: candidate and the version table (entries are indented 5, or ` *** `). */
export function parsePolicy(text: string): { known: boolean; candidate?: string; versions: string[] } {
  const lines = text.split('\n')
  if (!lines.some((l) => /^\S.*:$/.test(l))) return { known: false, versions: [] }
  const cand = lines.map((l) => /^ {2}Candidate: (.+)$/.exec(l)).find(Boolean)?.[1]
  const versions = lines.map((l) => /^(?: {5}| \*\*\* )(\S+) -?\d+$/.exec(l)?.[1]).filter((v): v is string => v !== undefined)
  return { known: true, candidate: cand && cand !== '(none)' ? cand : undefined, versions }
}

export function parseDebGather(stdout: string, names: readonly string[], debs: readonly string[] = []): { packages: DebPackage[]; cache: CacheTimes; debs: DebFile[] } {
  const s = parseSections(stdout)
  const auto = new Set((s.get('apt:auto') ?? '').split('\n'))
  const packages = names.map((name, i) => ({ name, ...dpkgStatus(s.get(`dpkg:p${i}`)), ...parsePolicy(s.get(`policy:p${i}`) ?? ''), auto: auto.has(name) }))
  const files = debs.map((path, i): DebFile => {
    const text = s.get(`deb:d${i}`) ?? ''
    const field = (f: string) => new RegExp(`^${f}: (.*)$`, 'm').exec(text)?.[1]
    if (text.includes(`@@deb:err${i}`) || !field('Package')) return { path, error: text.replace(`@@deb:err${i}`, '').trim() }
    return { path, name: field('Package'), version: field('Version'), installed: dpkgStatus(s.get(`debinst:d${i}`)).installed }
  })
  const num = (key: string) => Number((s.get(key) ?? '0').trim()) || 0
  return { packages, cache: { mtime: num('apt:mtime'), now: num('apt:now') }, debs: files }
}

/** The version apt would pick for a spec, as Ansible's package_best_match (a `=` pin may be a glob). */
export function bestMatch(pkg: DebPackage, cmp: '=' | '>=' | undefined, version: string | undefined): string | undefined {
  if (cmp !== '=') return pkg.candidate
  const matching = pkg.versions.filter((v) => fnmatch(v, version!))
  return matching.sort(compareDebVersions).pop()
}
