/** The drover command line: one commander program, one file per command. */
import { Command } from 'commander'
import { readFileSync } from 'node:fs'
import { docCommand } from './doc.js'
import { inventoryCommand } from './inventory.js'
import { playbookCommand } from './playbook.js'
import { runCommand } from './run.js'
import type { SessionEnvironment } from './session.js'
import { schemaCommand } from './schema.js'
import { vaultCommand } from './vault.js'

export function droverVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
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
