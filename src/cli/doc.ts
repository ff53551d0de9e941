/** `drover doc [MODULE]`: the module list, or one module's arguments, returns and examples, from its schema. */
import { Command } from 'commander'
import type { Module, PropertySchema } from '../module/types.js'
import { ModuleRegistry } from '../module/registry.js'
import { builtinModules } from '../../modules/catalog.js'

function typeName(property: PropertySchema): string {
  const types = Array.isArray(property.type) ? property.type : property.type ? [property.type] : ['any']
  return types.map((t) => ({ string: 'str', integer: 'int', number: 'float', boolean: 'bool', array: 'list', object: 'dict', null: 'null' })[t] ?? t).join('|')
}

export function renderModuleList(modules: ModuleRegistry): string {
  const names = modules.names()
  const width = Math.max(...names.map((n) => n.length)) + 1
  return names.map((name) => `${name.padEnd(width)} ${modules.get(name).shortDescription}`).join('\n') + '\n'
}

export function renderModuleDoc(module: Module): string {
  const lines = [`> ${module.name.toUpperCase()}    (${module.collection ?? 'ansible.builtin'}.${module.name})`, '', `  ${module.description}`, '']
  const aliasesOf = (name: string) => Object.entries(module.schema.aliases ?? {}).filter(([, target]) => target === name).map(([alias]) => alias)
  lines.push('OPTIONS (= is mandatory):', '')
  const required = new Set(module.schema.required ?? [])
  for (const [name, property] of Object.entries(module.schema.properties).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`${required.has(name) ? '=' : '-'} ${name}`, `        ${property.description}`)
    const aliases = aliasesOf(name)
    if (aliases.length) lines.push(`        aliases: [${aliases.join(', ')}]`)
    if (property.enum) lines.push(`        choices: [${property.enum.map(String).join(', ')}]`)
    if (property.default !== undefined) lines.push(`        default: ${JSON.stringify(property.default)}`)
    lines.push(`        type: ${typeName(property)}`, '')
  }
  if (module.freeForm) lines.push(`  Free-form text after the module name is taken as '${module.freeForm.param}'.`, '')
  lines.push(`  check mode: ${module.checkMode}`, '', 'EXAMPLES:', '', module.examples, '', 'RETURN VALUES:', '')
  for (const [name, value] of Object.entries(module.returns)) {
    lines.push(`- ${name}`, `        ${value.description}`, `        type: ${value.type}`, '')
  }
  return lines.join('\n')
}

export function docCommand(write: (text: string) => void): Command {
  return new Command('doc')
    .description('show module documentation (like `ansible-doc`)')
    .argument('[module]', 'module name; without it, list the modules')
    .option('-l, --list', 'list the available modules')
    .action(async (name: string | undefined) => {
      const modules = new ModuleRegistry(await builtinModules())
      write(name ? renderModuleDoc(modules.get(name)) : renderModuleList(modules))
    })
}
