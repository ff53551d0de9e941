/** `drover inventory`: the same output as `ansible-inventory` for the same sources. */
import { Command } from 'commander'
import { writeFileSync } from 'node:fs'
import { OptionsError } from '../errors.js'
import { loadInventory, renderInventoryGraph, renderInventoryHost, renderInventoryList } from '../inventory/index.js'
import { startConsole, type SessionEnvironment } from './session.js'
import type { RunOptions } from './options.js'

interface InventoryOptions {
  inventory?: string[]
  list?: boolean
  graph?: string | boolean
  host?: string
  vars?: boolean
  yaml?: boolean
  output?: string
  playbookDir?: string
  verbose: number
}

const collect = (value: string, previous: string[] = []) => [...previous, value]

export function inventoryCommand(environment: SessionEnvironment): Command {
  return new Command('inventory')
    .description('show the inventory as drover (and Ansible) sees it (like `ansible-inventory`)')
    .option('-i, --inventory <path>', 'inventory host path or comma separated host list (repeatable)', collect)
    .option('--list', 'output all hosts info as JSON (or YAML with --yaml)')
    .option('--graph [group]', 'create an inventory graph; with a group, start from it')
    .option('--host <name>', "output one host's variables")
    .option('--vars', 'add vars to the graph display')
    .option('-y, --yaml', 'use YAML instead of JSON with --list')
    .option('--output <file>', 'write the output to a file instead of stdout')
    .option('--playbook-dir <dir>', 'also read group_vars/ and host_vars/ from this directory')
    .option('-v, --verbose', 'more output', (_: unknown, previous: number) => previous + 1, 0)
    .action(async (options: InventoryOptions) => {
      const actions = [options.list, options.graph, options.host].filter((a) => a !== undefined && a !== false)
      if (actions.length !== 1) throw new OptionsError('No action selected, at least one of --host, --graph or --list needs to be specified.')
      const runOptions = { inventory: options.inventory, extraVars: [], verbose: options.verbose } as RunOptions
      const { settings, console } = startConsole(environment, runOptions)
      const inventory = await loadInventory(settings.inventory, { playbookDir: options.playbookDir, warn: console.warn })
      const text = options.list
        ? renderInventoryList(inventory, { yaml: Boolean(options.yaml) })
        : options.host !== undefined
          ? renderInventoryHost(inventory, options.host)
          : renderInventoryGraph(inventory, typeof options.graph === 'string' ? options.graph : undefined, { vars: Boolean(options.vars) })
      if (options.output) writeFileSync(options.output, text)
      else console.stdout.write(text + '\n')
    })
}
