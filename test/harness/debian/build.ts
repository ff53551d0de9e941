/**
 * Builds (or finds) the cached Debian rootfs ahead of the test run, so the minute it takes does not
 * count against a test's timeout: `node dist/test/harness/debian/build.js [--recording]`. Without
 * --recording it builds both lists the suite uses: the plain hosts' and the systemd hosts'.
 * Each package list change leaves a rootfs of a few hundred MB behind, so root filesystems that no
 * list here names are removed (a recorder's extra list, such as python3-apt's, is rebuilt when that
 * recorder next runs).
 */
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { argv, exit, stderr, stdout } from 'node:process'
import { DEBIAN_PACKAGES, RECORDING_PACKAGES, SYSTEMD_PACKAGES } from './packages.js'
import { ensureRootfs, rootfsCacheDir, rootfsKey } from './rootfs.js'
import { debianHostsAvailable } from './available.js'

const isMain = import.meta.url === `file://${argv[1]}`
if (isMain) {
  const available = debianHostsAvailable({ needRootfs: false })
  if (!available.ok) {
    stderr.write(`${available.reason}\n`)
    exit(1)
  }
  const lists = argv.includes('--recording') ? [RECORDING_PACKAGES] : [DEBIAN_PACKAGES, SYSTEMD_PACKAGES]
  const log = (line: string): void => void stderr.write(`${line}\n`)
  ;(async () => {
    for (const packages of lists) stdout.write(`${await ensureRootfs(packages, log)}\n`)
    pruneStaleRootfs([DEBIAN_PACKAGES, SYSTEMD_PACKAGES, RECORDING_PACKAGES], log)
  })().catch((error: Error) => {
    stderr.write(`${error.message}\n`)
    exit(1)
  })
}

/** Removes cached root filesystems (and their leftovers) whose key no current package list has. */
export function pruneStaleRootfs(current: ReadonlyArray<readonly string[]>, log: (line: string) => void): void {
  const keep = new Set(current.map((packages) => rootfsKey(packages)))
  const dir = rootfsCacheDir()
  for (const entry of readdirSync(dir)) {
    const key = /^rootfs-([0-9a-f]{16})/.exec(entry)?.[1]
    if (!key || keep.has(key)) continue
    log(`debian-hosts: removing stale ${join(dir, entry)}`)
    rmSync(join(dir, entry), { recursive: true, force: true })
  }
}
