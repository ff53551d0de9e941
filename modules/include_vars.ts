import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { ModuleArgsError } from '../src/errors.js'
import { pyRegex } from '../src/module/py-regex.js'
import type { ControllerModule, ControllerRunContext } from '../src/module/types.js'
import { readVarsFile } from '../src/module/vars-source.js'

export interface IncludeVarsArgs {
  _raw_params?: string
  file?: string
  dir?: string
  name?: string
  depth: number
  files_matching?: string
  ignore_files: string[]
  extensions: string[]
  ignore_unknown_extensions: boolean
  hash_behaviour?: string
}

/** Where a relative path is looked for: `vars/` then the directory itself, for each base (role/playbook dirs, task file dir, cwd). */
export function findVarsPath(path: string, context: Pick<ControllerRunContext, 'where' | 'searchDirs'>): string | undefined {
  if (isAbsolute(path)) return existsSync(path) ? path : undefined
  const bases = [...(context.searchDirs ?? []), ...(context.where.file ? [dirname(resolve(context.where.file))] : []), process.cwd()]
  return bases.flatMap((base) => [join(base, 'vars', path), join(base, path)]).find((candidate) => existsSync(candidate))
}

/** The files of a directory tree, sorted per directory as Ansible walks them, filtered by extension and name. */
export function varsDirFiles(root: string, args: Pick<IncludeVarsArgs, 'depth' | 'files_matching' | 'ignore_files' | 'extensions' | 'ignore_unknown_extensions'>): string[] {
  const out: string[] = []
  const matching = args.files_matching !== undefined ? pyRegex(args.files_matching) : undefined
  const walk = (dir: string, level: number) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) {
        if (args.depth === 0 || level < args.depth) walk(path, level + 1)
        continue
      }
      if (args.ignore_files.includes(name)) continue
      const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : ''
      if (!args.extensions.includes(ext)) {
        if (args.ignore_unknown_extensions) continue
        throw new ModuleArgsError(`${path} does not have a valid extension: ${args.extensions.join(', ')}`)
      }
      if (matching && !matching.test(name)) continue
      out.push(path)
    }
  }
  walk(root, 1)
  return out
}

export const include_vars: ControllerModule<IncludeVarsArgs> = {
  kind: 'controller',
  name: 'include_vars',
  shortDescription: 'Load variables from files, dynamically within a task',
  description:
    'Loads YAML or JSON variables from a file or a directory tree on the controller (vault-encrypted files are decrypted with the run\'s secrets) ' +
    'and sets them for the current host, optionally under one name. Relative paths are looked for in vars/ and beside the task file.',
  freeForm: { param: '_raw_params', inlineOptions: true },
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    mutuallyExclusive: [['file', 'dir'], ['_raw_params', 'dir']],
    properties: {
      _raw_params: { type: 'string', description: 'The file to load (free-form).' },
      file: { type: 'string', description: 'The file to load.' },
      dir: { type: 'string', description: 'The directory whose files are loaded, in name order.' },
      name: { type: 'string', description: 'Put all the loaded variables under this one variable.' },
      depth: { type: 'integer', default: 0, description: 'With dir: how deep to descend (0: no limit).' },
      files_matching: { type: 'string', description: 'With dir: only file names matching this regular expression.' },
      ignore_files: { type: 'array', items: { type: 'string' }, default: [], description: 'With dir: file names to skip.' },
      extensions: { type: 'array', items: { type: 'string' }, default: ['json', 'yaml', 'yml'], description: 'With dir: file extensions to load.' },
      ignore_unknown_extensions: { type: 'boolean', default: false, description: 'With dir: skip files with other extensions instead of failing.' },
      hash_behaviour: { type: 'string', description: 'Accepted for compatibility (replace).' },
    },
  },
  returns: {
    ansible_facts: { type: 'dict', description: 'The variables loaded.' },
    ansible_included_var_files: { type: 'list', description: 'The files loaded.' },
  },
  examples: [
    '- name: Load the variables of the OS family',
    '  ansible.builtin.include_vars: "{{ ansible_os_family }}.yml"',
    '',
    '- name: Load every file of a directory under one name',
    '  ansible.builtin.include_vars:',
    '    dir: vars/all',
    '    name: settings',
  ].join('\n'),

  run(args, context) {
    const source = args.file ?? args._raw_params
    let files: string[]
    if (args.dir !== undefined) {
      const root = findVarsPath(args.dir, context)
      if (!root || !statSync(root).isDirectory()) return { changed: false, failed: true, msg: `${args.dir} directory does not exist` }
      files = varsDirFiles(root, args)
    } else {
      if (source === undefined) throw new ModuleArgsError('one of file, dir or the free-form path is required')
      const found = findVarsPath(source, context)
      if (!found) return { changed: false, failed: true, msg: `Could not find or access '${source}'` }
      files = [found]
    }
    const loaded: Record<string, unknown> = {}
    for (const file of files) Object.assign(loaded, readVarsFile(file, context.decrypt))
    return { changed: false, ansible_facts: args.name !== undefined ? { [args.name]: loaded } : loaded, ansible_included_var_files: files }
  },
}
