/** Every module drover ships, listed statically so lookups need no file-system scan. */
import type { Module } from '../src/module/types.js'
import { command } from './command.js'
import { ping } from './ping.js'
import { raw } from './raw.js'
import { shell } from './shell.js'

export const BUILTIN_MODULES: readonly Module[] = [command, shell, raw, ping]
