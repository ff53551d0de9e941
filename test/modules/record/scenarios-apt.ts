/**
 * apt differential scenarios: on a fresh Debian host with a local file: repository of tiny packages
 * (no internet), run once by ansible-core (record-apt.ts, host with python3-apt) and by drover in every
 * test run (differential-apt.test.ts). End state: dpkg's view of the packages and apt's manual marks.
 */
import { join } from 'node:path'
import type { DebianHosts } from '../../harness/debian/index.js'
import { buildDeb, writePackagesIndex, type DebSpec } from '../../e2e/deb-repo.js'
import type { ScenarioTask } from './scenario.js'

export interface AptScenario {
  name: string
  tasks: ScenarioTask[]
  diff?: boolean
}

export interface AptRecording {
  ansible: string
  scenarios: Record<string, { results: Record<string, unknown>[]; state: string }>
}

export const APT_RECORDING = 'test/modules/record/ansible-2.14-apt.json'

const REPO: DebSpec[] = [
  { name: 'drover-hello', version: '1.0' },
  { name: 'drover-gone', version: '1.0' },
  { name: 'drover-dep', version: '1.0' },
  { name: 'drover-needs', version: '1.0', depends: 'drover-dep' },
]

/**
 * The repository under /srv/repo (and a lone .deb under /srv/debs), only it in apt's sources, the
 * cache two hours old, drover-gone installed.
 */
export async function prepareAptHost(d: DebianHosts, host: string): Promise<void> {
  const root = d.hosts.find((h) => h.name === host)!.root
  const repo = join(root, 'srv', 'repo')
  writePackagesIndex(repo, REPO.map((spec) => ({ file: buildDeb(repo, spec), spec })))
  buildDeb(join(root, 'srv', 'debs'), { name: 'drover-extra', version: '1.0' })
  const setup = await d.exec(host, [
    'rm -f /etc/apt/sources.list /etc/apt/sources.list.d/*',
    'echo "deb [trusted=yes] file:/srv/repo ./" > /etc/apt/sources.list.d/drover.list',
    'rm -rf /var/lib/apt/lists/* && mkdir -p /var/lib/apt/lists/partial',
    'dpkg -i /srv/repo/drover-gone_1.0_all.deb >/dev/null',
    'apt-get update -q >/dev/null',
    'touch -d "2 hours ago" /var/lib/apt/lists',
  ].join(' && '))
  if (setup.code !== 0) throw new Error(`apt host setup failed: ${setup.stderr}`)
}

export async function aptState(d: DebianHosts, host: string): Promise<string> {
  const r = await d.exec(host, `dpkg-query -W -f='\${Package} \${Status} \${Version}\\n' 'drover-*' 2>&1; echo manual:; apt-mark showmanual | grep '^drover' || true`)
  return r.stdout
}

/** What differs between two identical runs for reasons that are not apt's: times, dpkg's file count. */
export function normaliseApt(result: Record<string, unknown>): Record<string, unknown> {
  const out = { ...result }
  if (typeof out.cache_update_time === 'number') out.cache_update_time = '@TIME@'
  for (const key of ['stdout', 'stderr', 'msg']) {
    if (typeof out[key] === 'string') out[key] = (out[key] as string).replace(/\(Reading database \.\.\. [^)]*\)/g, '(Reading database ... @N@)')
  }
  if (out.diff && typeof out.diff === 'object' && typeof (out.diff as { prepared?: unknown }).prepared === 'string') {
    out.diff = { prepared: ((out.diff as { prepared: string }).prepared).replace(/\(Reading database \.\.\. [^)]*\)/g, '(Reading database ... @N@)') }
  }
  delete out.stdout_lines
  delete out.stderr_lines
  return out
}

export const APT_SCENARIOS: AptScenario[] = [
  {
    name: 'apt: install, deb, dependencies, purge, failures',
    tasks: [
      { module: 'apt', args: { name: 'drover-hello', update_cache: true, cache_valid_time: 3600 }, check: true },
      { module: 'apt', args: { name: 'drover-hello', update_cache: true, cache_valid_time: 3600 } },
      { module: 'apt', args: { name: 'drover-hello', update_cache: true, cache_valid_time: 3600 } },
      { module: 'apt', args: { name: ['drover-needs', 'drover-hello=1.0'] } },
      { module: 'apt', args: { deb: '/srv/debs/drover-extra_1.0_all.deb' } },
      { module: 'apt', args: { deb: '/srv/debs/drover-extra_1.0_all.deb' } },
      { module: 'apt', args: { name: 'drover-gone', state: 'absent', purge: true } },
      { module: 'apt', args: { name: 'drover-gone', state: 'absent', purge: true } },
      { module: 'apt', args: { name: 'drover-nope' } },
      { module: 'apt', args: { name: 'drover-hello=9.*' } },
      { module: 'apt', args: { name: 'drover-extra', state: 'absent' } },
      { module: 'apt', args: { name: 'drover-hello', state: 'latest' } },
    ],
  },
]
