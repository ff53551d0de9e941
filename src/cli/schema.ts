/** `drover schema`: prints the playbook JSON Schema, for editors (the YAML language server). */
import { Command } from 'commander'
import { BUILTIN_MODULES } from '../../modules/index.js'
import { ModuleRegistry } from '../module/registry.js'
import { playbookSchema } from '../playbook/schema.js'

export function renderSchema(registry = new ModuleRegistry(BUILTIN_MODULES)): string {
  return JSON.stringify(playbookSchema(registry), null, 2) + '\n'
}

export function schemaCommand(write: (text: string) => void = (text) => void process.stdout.write(text)): Command {
  return new Command('schema')
    .description('print the JSON Schema of playbooks (for the YAML language server: # yaml-language-server: $schema=…)')
    .action(() => write(renderSchema()))
}
