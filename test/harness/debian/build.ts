/**
 * Builds (or finds) the cached Debian rootfs ahead of the test run, so the minute it takes does not
 * count against a test's timeout: `node dist/test/harness/debian/build.js [--recording]`.
 */
import { argv, exit, stderr, stdout } from 'node:process'
import { DEBIAN_PACKAGES, RECORDING_PACKAGES } from './packages.js'
import { ensureRootfs } from './rootfs.js'
import { debianHostsAvailable } from './available.js'

const isMain = import.meta.url === `file://${argv[1]}`
if (isMain) {
  const available = debianHostsAvailable({ needRootfs: false })
  if (!available.ok) {
    stderr.write(`${available.reason}\n`)
    exit(1)
  }
  const packages = argv.includes('--recording') ? RECORDING_PACKAGES : DEBIAN_PACKAGES
  ensureRootfs(packages, (line) => stderr.write(`${line}\n`)).then(
    (path) => stdout.write(`${path}\n`),
    (error: Error) => {
      stderr.write(`${error.message}\n`)
      exit(1)
    },
  )
}
