// The project takes no native addons: an install compiles nothing and loads no binary. ssh2 builds
// optional native crypto (sshcrypto.node, and cpu-features) from its install scripts wherever a
// compiler is found; package.json's allowScripts denies those scripts, and ssh2 then uses Node's
// own crypto. This holds the install to that, as CI runs it (`npm ci` on a clean clone).
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../../', import.meta.url))

function nativeFiles(dir: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...nativeFiles(path))
    else if (entry.name.endsWith('.node')) found.push(path.slice(root.length))
  }
  return found
}

test('the installed dependencies hold no native addon', () => {
  assert.deepEqual(nativeFiles(join(root, 'node_modules')), [])
})
