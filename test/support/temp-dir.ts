import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'

/**
 * A fresh directory under the system temp dir, removed after the test (or the file's tests, when
 * called at top level) that made it. Not from inside a hook: the dir would go when the hook ends: suites run on shared machines and CI
 * boxes that are not wiped between runs.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}
