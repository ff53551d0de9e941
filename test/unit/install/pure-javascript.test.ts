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

test('the installed dependencies hold no native addon', () => {
  const files = readdirSync(join(root, 'node_modules'), { recursive: true }) as string[]
  assert.deepEqual(files.filter((f) => f.endsWith('.node')), [])
})
