import { ModuleArgsError } from '../src/errors.js'
import type { ControllerModule } from '../src/module/types.js'

export const set_fact: ControllerModule<Record<string, unknown>> = {
  kind: 'controller',
  name: 'set_fact',
  shortDescription: 'Set host variable(s) and fact(s)',
  description: 'Sets variables on the current host; they last for the rest of the run and win over inventory and play variables.',
  freeForm: { param: '_raw_params', inlineOptions: false },
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    additionalProperties: true,
    properties: {
      cacheable: { type: 'boolean', default: false, description: 'Also store the facts in the fact cache (accepted; drover keeps facts for the run).' },
    },
  },
  returns: { ansible_facts: { type: 'dict', description: 'The variables that were set.' } },
  examples: ['- ansible.builtin.set_fact:', '    one_fact: something', '    other_fact: "{{ local_var * 2 }}"'].join('\n'),

  run(args) {
    const { cacheable: _cacheable, _raw_params: raw, ...facts } = args
    void _cacheable
    if (raw !== undefined) throw new ModuleArgsError('set_fact takes key=value pairs or a mapping, not free-form text')
    if (Object.keys(facts).length === 0) throw new ModuleArgsError('No key/value pairs provided, at least one is required for this action to succeed')
    for (const key of Object.keys(facts)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new ModuleArgsError(`The variable name '${key}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.`)
    }
    return { changed: false, ansible_facts: facts }
  },
}
