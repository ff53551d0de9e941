/**
 * A local apt repository of tiny packages, for apt tests without the internet: `dpkg-deb --build`
 * of a directory with DEBIAN/control, and a Packages index written here (no dpkg-dev needed).
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface DebSpec {
  name: string
  version: string
  depends?: string
}

const EPOCH = 1_700_000_000

/** Builds `<name>_<version>_all.deb` into `dir`; it installs /usr/share/<name>/version. Returns the file name. */
export function buildDeb(dir: string, spec: DebSpec): string {
  const work = mkdtempSync(join(tmpdir(), 'drover-deb-'))
  try {
    mkdirSync(join(work, 'DEBIAN'))
    mkdirSync(join(work, 'usr', 'share', spec.name), { recursive: true })
    writeFileSync(join(work, 'usr', 'share', spec.name, 'version'), `${spec.version}\n`)
    const control = [`Package: ${spec.name}`, `Version: ${spec.version}`, 'Architecture: all', 'Maintainer: drover tests <tests@example.invalid>', ...(spec.depends ? [`Depends: ${spec.depends}`] : []), `Description: drover test package ${spec.name}`, '']
    writeFileSync(join(work, 'DEBIAN', 'control'), control.join('\n'))
    const file = `${spec.name}_${spec.version}_all.deb`
    mkdirSync(dir, { recursive: true })
    // Byte-for-byte the same every time (sizes show in apt's output, which the differential compares).
    for (const entry of readdirSync(work, { recursive: true }) as string[]) utimesSync(join(work, entry), EPOCH, EPOCH)
    execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', work, join(dir, file)], { stdio: 'pipe', env: { ...process.env, SOURCE_DATE_EPOCH: String(EPOCH) } })
    return file
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Writes `dir/Packages` for every listed .deb in `dir` (a flat repository: `deb [trusted=yes] file:<dir> ./`). */
export function writePackagesIndex(dir: string, debs: { file: string; spec: DebSpec }[]): void {
  const stanzas = debs.map(({ file, spec }) => {
    const bytes = readFileSync(join(dir, file))
    return [
      `Package: ${spec.name}`,
      `Version: ${spec.version}`,
      'Architecture: all',
      'Maintainer: drover tests <tests@example.invalid>',
      ...(spec.depends ? [`Depends: ${spec.depends}`] : []),
      `Filename: ./${file}`,
      `Size: ${statSync(join(dir, file)).size}`,
      `MD5sum: ${createHash('md5').update(bytes).digest('hex')}`,
      `SHA256: ${createHash('sha256').update(bytes).digest('hex')}`,
      `Description: drover test package ${spec.name}`,
    ].join('\n')
  })
  writeFileSync(join(dir, 'Packages'), `${stanzas.join('\n\n')}\n`)
}
