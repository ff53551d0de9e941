/**
 * Every module drover ships, loaded: for what needs them all at once (tests, and runs on a Node
 * that cannot load a module on first use). The list itself is catalog.ts; runs take it from there
 * and load each module's file only when a task uses it.
 */
import type { Module } from '../src/module/types.js'
import { catalogModule, MODULE_CATALOG } from './catalog.js'

export const BUILTIN_MODULES: readonly Module[] = await Promise.all(
  MODULE_CATALOG.map(async (entry) => catalogModule(entry, (await import(`./${entry.file}`)) as Record<string, unknown>)),
)
