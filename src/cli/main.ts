#!/usr/bin/env node
/**
 * Entry point: loads the CLI (cli.ts). Where Node can load ES modules with require() (>= 20.19),
 * it does: reading the ~180 files synchronously costs about 15% less CPU than the asynchronous
 * ESM loader, and start-up is most of the controller's CPU in a short run. Older Node imports.
 */
import { createRequire } from 'node:module'

if ((process.features as { require_module?: boolean }).require_module === true) createRequire(import.meta.url)('./cli.js')
else await import('./cli.js')
