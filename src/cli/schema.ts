/**
 * `drover schema [playbook|events|summary]`: the playbook JSON Schema, for editors (the YAML
 * language server), or the schemas of `--output json` lines and the `--summary` file.
 */
import { Command, InvalidArgumentError } from 'commander'
import { builtinModules } from '../../modules/catalog.js'
import { ModuleRegistry } from '../module/registry.js'
import { eventsSchema, summarySchema } from '../output/events-schema.js'
import { playbookSchema } from '../playbook/schema.js'

const KINDS = ['playbook', 'events', 'summary'] as const
type SchemaKind = (typeof KINDS)[number]

export function renderSchema(registry: ModuleRegistry, kind: SchemaKind = 'playbook'): string {
  const schema = kind === 'events' ? eventsSchema() : kind === 'summary' ? summarySchema() : playbookSchema(registry)
  return JSON.stringify(schema, null, 2) + '\n'
}

function schemaKind(value: string): SchemaKind {
  if (!(KINDS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${KINDS.join(', ')}`)
  return value as SchemaKind
}

export function schemaCommand(write: (text: string) => void = (text) => void process.stdout.write(text)): Command {
  return new Command('schema')
    .description('print a JSON Schema: playbook (default; for the YAML language server: # yaml-language-server: $schema=…), events (--output json lines) or summary (--summary file)')
    .argument('[kind]', 'playbook, events or summary', schemaKind, 'playbook')
    .action(async (kind: SchemaKind) => write(renderSchema(new ModuleRegistry(await builtinModules()), kind)))
}
