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

// V8 hands a function to its optimising compiler (TurboFan, on background threads) once it has
// run for an "interrupt budget" of bytecode. A run of drover is short and its JavaScript is spread
// over many functions: with the default budget about a quarter of the controller's CPU went to
// compiling code that then ran a few times. Eight times the default (V8 11's 66 KB) leaves that to
// the really hot functions (ssh2's packet handling on long runs). Read at each function's first
// call, so setting it here applies to everything drover loads; a budget given by the user wins.
// Only on the V8 versions known to have the flag: an unknown one makes V8 print an error on stderr.
const userFlags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`
const knownV8 = /^1[1-3]\./.test(process.versions.v8)
if (knownV8 && !/--interrupt[-_]budget/.test(userFlags)) setFlagsFromString(`--interrupt-budget=${8 * 66 * 1024}`)

// `npm run build` also bundles the CLI into dist/bundle/ (scripts/bundle.mjs): a few files instead
// of ~250 costs far less CPU to load. A build by tsc alone has no bundle, or one older than what tsc
// just wrote (tsc rewrites every output): then cli.js runs as compiled.
const compiled = fileURLToPath(new URL('./cli.js', import.meta.url))
const bundle = fileURLToPath(new URL('../../bundle/cli.js', import.meta.url))
const bundled = existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs
const cli = bundled ? bundle : compiled
if ((process.features as { require_module?: boolean }).require_module === true) createRequire(import.meta.url)(cli)
else await import(pathToFileURL(cli).href)
