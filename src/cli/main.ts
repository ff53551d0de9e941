#!/usr/bin/env node
/**
 * Entry point: loads the CLI (cli.ts), bundled where the build made one. Where Node can load ES
 * modules with require() (>= 20.19), it does: reading files synchronously costs about 15% less
 * CPU than the asynchronous ESM loader, and start-up is most of the controller's CPU in a short
 * run. Older Node imports.
 */
import { existsSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { v8Defaults } from './v8-defaults.js'

for (const flag of v8Defaults(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`, process.versions.v8)) setFlagsFromString(flag)

// `npm run build` also bundles the CLI into dist/bundle/ (scripts/bundle.mjs): a few files instead
// of ~250 costs far less CPU to load. A build by tsc alone has no bundle, or one older than what tsc
// just wrote (tsc rewrites every output): then cli.js runs as compiled.
const compiled = fileURLToPath(new URL('./cli.js', import.meta.url))
const bundle = fileURLToPath(new URL('../../bundle/cli.js', import.meta.url))
const bundled = existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs
const cli = bundled ? bundle : compiled
if ((process.features as { require_module?: boolean }).require_module === true) createRequire(import.meta.url)(cli)
else await import(pathToFileURL(cli).href)
