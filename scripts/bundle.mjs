// Bundles the compiled CLI (dist/, from tsc) into dist/bundle/, which dist/src/cli/main.js runs.
// `npm run build` runs it after tsc.
//
// Why: Node pays about 1 ms of CPU per file it loads on the VMs drover runs on (every file costs
// a few syscalls, and syscalls are dear there), and a start-up loaded ~180 of drover's own files
// and 73 of `yaml`'s. The bundle's ~20 files take 110-130 ms (a third) off every start-up.
//
// Why esbuild-wasm: the WebAssembly build of esbuild needs no native binary and downloads nothing
// at install time (the project allows neither), and bundles all of drover in a few seconds.
//
// What stays lazy, as in tsc's output:
// - Module implementations. Each file of dist/modules/ is an entry point of its own, written as
//   dist/bundle/<file>: the catalogue (modules/catalog.ts) loads it by name, synchronously, with
//   require() from the directory its own code is in, which in the bundle is dist/bundle/ too.
//   `splitting` puts the code they share with the CLI in shared chunks: one copy of each class.
//   Measured against the alternatives: one single file (module code inlined, initialised on first
//   use) cost the same for a run and ~20 ms more for --version, as it compiles every module's code;
//   merging the ~15 small shared chunks a start-up loads (by making each module entry import the
//   CLI's program) saved 3-4 ms. Neither was worth its extra machinery.
// - Reporters, and modules/index.ts (Node < 20.19 only): their import()s become chunks.
// - ssh2 stays in node_modules (external): loaded only when connecting, and it looks for its
//   optional native parts (sshcrypto.node, cpu-features) beside its own files. None are built:
//   package.json's allowScripts denies the install scripts that would compile them.
// - ajv is required through createRequire (src/module/registry.ts), which esbuild leaves to run
//   time: resolved from node_modules at first use, as before.
import { readdirSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild-wasm'

const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const outdir = `${dist}bundle`

// Not module files: the catalogue itself (part of the CLI) and index.js, which loads them all.
const notModules = new Set(['catalog.js', 'index.js'])
const moduleFiles = readdirSync(`${dist}modules`).filter((f) => f.endsWith('.js') && !notModules.has(f))

// A stale bundle would run instead of freshly compiled code: start from an empty directory.
rmSync(outdir, { recursive: true, force: true })

await build({
  entryPoints: [
    { in: `${dist}src/cli/cli.js`, out: 'cli' },
    ...moduleFiles.map((f) => ({ in: `${dist}modules/${f}`, out: f.slice(0, -'.js'.length) })),
  ],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ssh2'],
  // Bundled CommonJS (commander, yaml) calls require() for Node's built-ins; an ES module has no
  // require, so each output file gets one.
  banner: { js: "import { createRequire as __droverCreateRequire } from 'node:module'; const require = __droverCreateRequire(import.meta.url);" },
  // Scope hoisting renames clashing top-level names; DroverError takes its `name` from its class.
  keepNames: true,
  // Not minified: stack traces (-vvv, unexpected errors) stay readable, and minifying saved
  // under 10 ms of a start-up. The source maps (which chain tsc's, so they lead to src/*.ts) cost
  // nothing unless asked for: `node --enable-source-maps dist/src/cli/main.js` shows TypeScript lines.
  sourcemap: 'linked',
  logLevel: 'warning',
  // modules/catalog.ts and modules/index.ts load module files by a computed name on purpose.
  logOverride: { 'unsupported-dynamic-import': 'silent' },
})
