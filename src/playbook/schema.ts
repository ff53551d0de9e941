/**
 * The JSON Schema of playbooks (plays, import_playbook entries, blocks, tasks, handlers, role
 * entries), generated from the keyword lists and every module's argument schema. `drover schema`
 * prints it for editors (the YAML language server); tests compile it with ajv so it stays valid.
 * It checks shape only: the normaliser remains the judge, with file:line:col messages.
 */
import type { ModuleRegistry } from '../module/registry.js'
import type { PropertySchema } from '../module/types.js'
import { BLOCK_KEYWORDS, PLAY_KEYWORDS, TASK_KEYWORDS } from './keywords.js'
import { ROLE_ENTRY_KEYWORDS } from './roles.js'

type Schema = Record<string, unknown>

const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` })
const template: Schema = { type: 'string', pattern: '\\{\\{|\\{%', description: 'a Jinja2 template' }
const boolish: Schema = { anyOf: [{ type: 'boolean' }, { type: 'string' }, { enum: [0, 1] }] }
const stringList: Schema = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'array', items: { type: ['string', 'number'] } }] }
const mapping: Schema = { anyOf: [{ type: 'object' }, template] }
const conditions: Schema = { anyOf: [{ type: ['string', 'boolean'] }, { type: 'array', items: { type: ['string', 'boolean'] } }] }
const number: Schema = { anyOf: [{ type: 'number' }, { type: 'string' }] }

/** The value schema of each keyword; keywords not listed take anything. */
const KEYWORD_VALUES: Record<string, Schema> = {
  any_errors_fatal: boolish,
  become: boolish,
  become_exe: { type: 'string' },
  become_flags: { type: 'string' },
  become_method: { type: 'string' },
  become_user: { type: 'string' },
  changed_when: conditions,
  check_mode: boolish,
  collections: { type: 'array', items: { type: 'string' } },
  connection: { type: 'string' },
  delay: number,
  delegate_facts: boolish,
  delegate_to: { type: 'string' },
  diff: boolish,
  environment: mapping,
  failed_when: conditions,
  force_handlers: boolish,
  gather_facts: boolish,
  hosts: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
  ignore_errors: boolish,
  ignore_unreachable: boolish,
  listen: stringList,
  loop: { anyOf: [{ type: 'array' }, { type: 'string' }] },
  loop_control: {
    type: 'object',
    additionalProperties: false,
    properties: { loop_var: { type: 'string' }, index_var: { type: 'string' }, label: {}, pause: number, extended: boolish, extended_allitems: boolish },
  },
  max_fail_percentage: number,
  name: { type: 'string' },
  no_log: boolish,
  notify: stringList,
  order: { enum: ['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle'] },
  poll: number,
  port: number,
  register: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  remote_user: { type: 'string' },
  retries: number,
  run_once: boolish,
  serial: { anyOf: [{ type: ['number', 'string'] }, { type: 'array', items: { type: ['number', 'string'] } }] },
  strategy: { type: 'string' },
  tags: stringList,
  throttle: number,
  timeout: number,
  until: conditions,
  vars: { anyOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] },
  vars_files: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } },
  when: conditions,
  async: number,
  args: mapping,
}

function keywordProperties(keywords: Iterable<string>): Record<string, Schema> {
  return Object.fromEntries([...keywords].sort().map((k) => [k, KEYWORD_VALUES[k] ?? {}]))
}

/** A module argument also accepts a template wherever its type is not already a string. */
function argumentSchema(property: PropertySchema): Schema {
  const { description, ...rest } = property
  const types = property.type === undefined ? [] : Array.isArray(property.type) ? property.type : [property.type]
  if (types.length === 0 || (types.length === 1 && types[0] === 'string' && !property.enum)) return { description, ...rest }
  return { description, anyOf: [rest, template] }
}

function moduleDefinitions(registry: ModuleRegistry): Record<string, Schema> {
  const definitions: Record<string, Schema> = {}
  for (const name of registry.names()) {
    const module = registry.get(name)
    const properties = Object.fromEntries(Object.entries(module.schema.properties).map(([k, p]) => [k, argumentSchema(p)]))
    for (const [alias, target] of Object.entries(module.schema.aliases ?? {})) if (module.schema.properties[target]) properties[alias] = argumentSchema(module.schema.properties[target]!)
    definitions[`module_${name}`] = {
      description: module.shortDescription,
      anyOf: [
        { type: 'string', description: 'free-form arguments (k=v …)' },
        { type: 'null' },
        { type: 'object', properties, additionalProperties: module.schema.additionalProperties === true },
      ],
    }
  }
  return definitions
}

function moduleProperties(registry: ModuleRegistry): Record<string, Schema> {
  const properties: Record<string, Schema> = {}
  for (const name of registry.names()) {
    properties[name] = ref(`module_${name}`)
    properties[`ansible.builtin.${name}`] = ref(`module_${name}`)
    properties[registry.fqcn(name)] = ref(`module_${name}`)
  }
  return properties
}

const INCLUDE_ACTIONS: Record<string, Schema> = {
  import_tasks: { anyOf: [{ type: 'string' }, { type: 'object', properties: { file: { type: 'string' } }, additionalProperties: false }] },
  include_tasks: {
    anyOf: [{ type: 'string' }, { type: 'object', properties: { file: { type: 'string' }, apply: { type: 'object', properties: keywordProperties([...BLOCK_KEYWORDS].filter((k) => !['block', 'rescue', 'always'].includes(k))), additionalProperties: false } }, additionalProperties: false }],
  },
  include: { type: 'string' },
  import_role: ref('role_options'),
  include_role: ref('role_options'),
}

function taskSchema(registry: ModuleRegistry, handler: boolean): Schema {
  const keywords = [...TASK_KEYWORDS].filter((k) => handler || k !== 'listen')
  const actions = { ...moduleProperties(registry), ...INCLUDE_ACTIONS, ...Object.fromEntries(Object.entries(INCLUDE_ACTIONS).map(([k, v]) => [`ansible.builtin.${k}`, v])) }
  return {
    type: 'object',
    properties: { ...keywordProperties(keywords), ...actions },
    patternProperties: { '^with_[a-z_]+$': {} },
    additionalProperties: false,
    not: { required: ['block'] },
  }
}

/** The whole schema: a playbook is a list of plays and import_playbook entries. */
export function playbookSchema(registry: ModuleRegistry): Schema {
  const blockKeywords = [...BLOCK_KEYWORDS].filter((k) => !['block', 'rescue', 'always'].includes(k))
  const taskList = (item: string): Schema => ({ anyOf: [{ type: 'null' }, { type: 'array', items: ref(item) }] })
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Ansible playbook (as drover reads it)',
    type: 'array',
    items: { anyOf: [ref('import_playbook'), ref('play')] },
    definitions: {
      play: {
        type: 'object',
        required: ['hosts'],
        properties: {
          ...keywordProperties(PLAY_KEYWORDS),
          pre_tasks: taskList('task_or_block'),
          tasks: taskList('task_or_block'),
          post_tasks: taskList('task_or_block'),
          handlers: taskList('handler'),
          roles: { type: 'array', items: ref('role_entry') },
          vars_prompt: { type: 'array', items: ref('vars_prompt') },
        },
        additionalProperties: false,
      },
      import_playbook: {
        type: 'object',
        required: ['import_playbook'],
        properties: { import_playbook: { type: 'string' }, name: { type: 'string' }, vars: KEYWORD_VALUES.vars, tags: stringList, when: conditions, collections: KEYWORD_VALUES.collections },
        additionalProperties: false,
      },
      task_or_block: { anyOf: [ref('block'), ref('task')] },
      block: {
        type: 'object',
        required: ['block'],
        properties: { ...keywordProperties(blockKeywords), block: taskList('task_or_block'), rescue: taskList('task_or_block'), always: taskList('task_or_block') },
        additionalProperties: false,
      },
      task: taskSchema(registry, false),
      handler: taskSchema(registry, true),
      role_entry: {
        anyOf: [
          { type: 'string' },
          { type: 'object', properties: keywordProperties(ROLE_ENTRY_KEYWORDS), anyOf: [{ required: ['role'] }, { required: ['name'] }], description: 'other keys are role parameters' },
        ],
      },
      role_options: {
        anyOf: [
          { type: 'string' },
          {
            type: 'object',
            properties: { name: { type: 'string' }, role: { type: 'string' }, tasks_from: { type: 'string' }, vars_from: { type: 'string' }, defaults_from: { type: 'string' }, handlers_from: { type: 'string' }, public: boolish, allow_duplicates: boolish, apply: { type: 'object' }, rolespec_validate: boolish },
            additionalProperties: false,
          },
        ],
      },
      role_meta: {
        type: 'object',
        properties: { dependencies: { type: 'array', items: ref('role_entry') }, allow_duplicates: boolish, galaxy_info: { type: 'object' } },
      },
      task_file: taskList('task_or_block'),
      vars_prompt: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, prompt: { type: 'string' }, default: {}, private: boolish, confirm: boolish, encrypt: { type: 'string' }, salt_size: number, salt: { type: 'string' }, unsafe: boolish },
        additionalProperties: false,
      },
      ...moduleDefinitions(registry),
    },
  }
}
