/**
 * Python's `shlex.split` (POSIX mode, no comments): how Ansible's command module splits its text.
 * The splitting itself is the inventory's implementation, checked against Python's own.
 */
import { ModuleArgsError } from '../errors.js'
import { shlexSplit as pythonShlexSplit } from '../inventory/shlex.js'

export function shlexSplit(text: string): string[] {
  try {
    return pythonShlexSplit(text, false)
  } catch (error) {
    throw new ModuleArgsError(`${(error as Error).message} in: ${text}`)
  }
}
