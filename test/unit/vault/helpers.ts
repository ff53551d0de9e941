import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { secretFromPassword, type VaultSecret } from '../../../src/vault/index.js'

/** Fixtures are read from the source tree: tsc does not copy them into dist/. */
export const FIXTURES = join(process.cwd(), 'test/unit/vault/fixtures')

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name))
}

/** A password file's content as Ansible reads it (stripped). */
export function fixtureSecret(passwordFile: string, id = 'default'): VaultSecret {
  return secretFromPassword(fixture(passwordFile).toString('utf8').trim(), id)
}

export interface FileVector {
  file: string
  plaintext: string
  password: string
  vaultId?: string
  producer: 'reference' | 'ansible-vault' | 'ansible-vaultlib' | 'drover'
  salt?: string
}

export interface InlineVector {
  file: string
  producer: string
  values: Record<string, [plaintext: string, passwordFile: string, vaultId: string]>
}

export const vectors = JSON.parse(readFileSync(join(FIXTURES, 'vectors.json'), 'utf8')) as { files: FileVector[]; inline: InlineVector[] }

const scratch: string[] = []

/** A fresh temp directory, removed when the test process exits. */
export async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'drover-vault-test-'))
  if (scratch.length === 0) process.once('exit', () => { for (const d of scratch) rmSync(d, { recursive: true, force: true }) })
  scratch.push(dir)
  return dir
}

/** True when the real ansible-vault is installed (live cross-checks run only then). */
export const hasAnsibleVault: boolean = (() => {
  try {
    execFileSync('ansible-vault', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
