import { FILE_COMMON_ALIASES, FILE_COMMON_PROPERTIES, unsupportedCommonArg } from '../src/module/file-common-args.js'
import { gatherCopy, planCopy, type CopyFacts, type CopyInput } from '../src/module/file-copy.js'
import type { ModeSpec } from '../src/module/file-mode.js'
import type { StateModule } from '../src/module/types.js'

export interface TemplateArgs {
  src: string
  dest: string
  backup: boolean
  force: boolean
  validate?: string
  newline_sequence: string
  mode?: ModeSpec
  owner?: string
  group?: string
  [key: string]: unknown
}

type Prepared = CopyInput & { unsupported?: string }

export const template: StateModule<TemplateArgs, CopyFacts, Prepared> = {
  kind: 'state',
  name: 'template',
  shortDescription: 'Template a file out to a target host',
  description:
    'Renders a Jinja2 template on the controller with the host\'s variables, then puts the result on the host like copy does ' +
    '(SHA1 idempotency, mode/owner/group, backup, validate).',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['src', 'dest'],
    aliases: FILE_COMMON_ALIASES,
    properties: {
      src: { type: 'string', description: "Path of the Jinja2 template on the controller (searched in the role's templates/ and the playbook dir)." },
      dest: { type: 'string', description: 'Location to render the template to on the host.' },
      backup: { type: 'boolean', default: false, description: 'Create a backup file including the timestamp before replacing dest.' },
      force: { type: 'boolean', default: true, description: 'Replace dest when it differs; with false only create it if missing.' },
      validate: { type: 'string', description: 'Command validating the new file before it is put in place; %s is its path.' },
      newline_sequence: { type: 'string', enum: ['\n', '\r', '\r\n'], default: '\n', description: 'The newline sequence of the rendered file.' },
      trim_blocks: { type: 'boolean', default: true, description: 'Accepted for compatibility (the engine trims blocks as Ansible does).' },
      lstrip_blocks: { type: 'boolean', default: false, description: 'Accepted for compatibility.' },
      output_encoding: { type: 'string', default: 'utf-8', description: 'Accepted for compatibility: output is UTF-8.' },
      follow: { type: 'boolean', default: false, description: 'Accepted for compatibility.' },
      ...FILE_COMMON_PROPERTIES,
    },
  },
  returns: {
    dest: { type: 'str', description: 'Destination file path.' },
    checksum: { type: 'str', description: 'SHA1 of the rendered file.' },
    md5sum: { type: 'str', description: 'MD5 of the rendered file (when changed).' },
    backup_file: { type: 'str', description: 'Name of the backup file created.' },
    mode: { type: 'str', description: 'Permissions of the target.' },
    owner: { type: 'str', description: 'Owner of the file.' },
    size: { type: 'int', description: 'Size of the target.' },
  },
  examples: [
    '- name: Render the nginx config',
    '  ansible.builtin.template:',
    '    src: nginx.conf.j2',
    '    dest: /etc/nginx/nginx.conf',
    "    validate: 'nginx -t -c %s'",
  ].join('\n'),

  prepare(args, controller) {
    const path = controller.findFile(args.src, 'templates')
    let text = controller.renderTemplate(controller.readFile(path).toString('utf8'), path)
    if (args.newline_sequence !== '\n') text = text.replace(/\n/g, args.newline_sequence)
    return {
      dest: args.dest,
      content: Buffer.from(text, 'utf8'),
      srcName: args.src,
      afterHeader: path,
      isContent: false,
      mode: args.mode,
      owner: args.owner,
      group: args.group,
      backup: args.backup,
      force: args.force,
      validate: args.validate,
      unsupported: unsupportedCommonArg(args),
    }
  },

  gather(input, host) {
    return gatherCopy(input, host)
  },

  plan(input, facts, options) {
    if (input.unsupported) return { changed: false, failed: true, msg: input.unsupported }
    return planCopy(input, facts, options)
  },
}
