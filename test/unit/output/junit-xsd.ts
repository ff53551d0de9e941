/** Validates JUnit XML with `xmllint --schema` (libxml2-utils; .ci/run installs it). */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The fixture lives with the sources; dist/ has only the compiled tests.
export const JUNIT_XSD = fileURLToPath(new URL('../../../../test/unit/output/fixtures/junit.xsd', import.meta.url))

export function xmllintJUnit(xml: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'drover-junit-'))
  try {
    const file = join(dir, 'report.xml')
    writeFileSync(file, xml)
    try {
      const output = execFileSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      return { ok: true, output }
    } catch (error) {
      const e = error as { stderr?: string; message: string }
      return { ok: false, output: e.stderr ?? e.message }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
