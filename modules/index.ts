/**
 * Every module drover ships, loaded: for what needs them all at once (tests, and runs on a Node
 * that cannot load a module on first use). The list itself is catalog.ts; runs take it from there
 * and load each module's file only when a task uses it.
 */
import type { Module } from '../src/module/types.js'
import { type CatalogEntry, catalogModule, MODULE_CATALOG } from './catalog.js'

// The specifier is a plain string variable so that the bundler (scripts/bundle.mjs) leaves it to
// run time: module files sit beside this code in the bundle as in tsc's output, and a template
// literal would have it bundle every file of this directory (source maps included) in here.
const moduleFile = (entry: CatalogEntry): string => `./${entry.file}`

export const BUILTIN_MODULES: readonly Module[] = await Promise.all(
  MODULE_CATALOG.map(async (entry) => catalogModule(entry, (await import(moduleFile(entry))) as Record<string, unknown>)),
)
