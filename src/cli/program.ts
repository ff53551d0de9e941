/** The drover command line: one commander program, one file per command. */
import { Command } from 'commander'
import { existsSync, readFileSync } from 'node:fs'
import { docCommand } from './doc.js'
import { inventoryCommand } from './inventory.js'
import { playbookCommand } from './playbook.js'
import { runCommand } from './run.js'
import type { SessionEnvironment } from './session.js'
import { schemaCommand } from './schema.js'
import { vaultCommand } from './vault.js'

/**
 * drover's package.json, the nearest one above this code: this file sits at a different depth in
 * tsc's output (dist/src/cli/) and in the bundle (dist/bundle/), and either may be installed anywhere.
 */
export function droverVersion(): string {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    const file = new URL('package.json', dir)
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string }
      if (pkg.name === 'drover') return pkg.version
    }
    if (dir.pathname === '/') throw new Error(`drover's package.json is not above ${import.meta.url}`)
  }
}

export function buildProgram(environment: SessionEnvironment, setExitCode: (code: number) => void): Command {
  const program = new Command('drover')
    .description('Agentless configuration management: runs Ansible playbooks, inventories and templates over SSH, fast.')
    .version(droverVersion(), '--version')
    .showSuggestionAfterError(true)
  program.addCommand(playbookCommand(environment, setExitCode))
  program.addCommand(runCommand(environment, setExitCode))
  program.addCommand(inventoryCommand(environment))
  program.addCommand(vaultCommand())
  program.addCommand(schemaCommand())
  program.addCommand(docCommand((text) => void process.stdout.write(text)))
  return program
}
