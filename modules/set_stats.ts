import { ModuleArgsError } from '../src/errors.js'
import type { ControllerModule } from '../src/module/types.js'

export interface SetStatsArgs {
  data: Record<string, unknown>
  per_host: boolean
  aggregate: boolean
}

export const set_stats: ControllerModule<SetStatsArgs> = {
  kind: 'controller',
  name: 'set_stats',
  shortDescription: 'Define and display stats for the current ansible run',
  description: 'Records custom statistics, shown in the recap at the end of the run (aggregated over hosts unless per_host).',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['data'],
    properties: {
      data: { type: 'object', description: 'The statistics, a mapping of names to values.' },
      per_host: { type: 'boolean', default: false, description: 'Keep the stats per host instead of for the whole run.' },
      aggregate: { type: 'boolean', default: true, description: 'Add to (sum numbers, merge mappings, concatenate lists) existing stats instead of replacing them.' },
    },
  },
  returns: { ansible_stats: { type: 'dict', description: 'data, per_host and aggregate, as the executor records them.' } },
  examples: ['- ansible.builtin.set_stats:', '    data:', '      packages_installed: 31', '    per_host: yes'].join('\n'),

  run(args) {
    for (const key of Object.keys(args.data)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new ModuleArgsError(`The variable name '${key}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.`)
    }
    return { changed: false, ansible_stats: { data: args.data, per_host: args.per_host, aggregate: args.aggregate } }
  },
}
