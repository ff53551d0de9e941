import { ModuleArgsError } from '../src/errors.js'
import { FILE_COMMON_ALIASES, FILE_COMMON_PROPERTIES, unsupportedCommonArg } from '../src/module/file-common-args.js'
import { gatherCopy, planCopy, type CopyFacts, type CopyInput } from '../src/module/file-copy.js'
import type { ModeSpec } from '../src/module/file-mode.js'
import type { StateModule } from '../src/module/types.js'
import { statSync } from 'node:fs'

export interface CopyArgs {
  src?: string
  content?: unknown
  dest: string
  backup: boolean
  force: boolean
  remote_src: boolean
  validate?: string
  mode?: ModeSpec
  owner?: string
  group?: string
  [key: string]: unknown
}

type Prepared = CopyInput & { unsupported?: string }

export const copy: StateModule<CopyArgs, CopyFacts, Prepared> = {
  kind: 'state',
  name: 'copy',
  shortDescription: 'Copy files to remote locations',
  description:
    'Copies a file from the controller (src) or a string (content) to a path on the host, or a file already on the host (remote_src). ' +
    'Idempotent by SHA1 checksum, then mode and owner. The new content is written to a temp file beside dest and renamed over it.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['dest'],
    aliases: { thirsty: 'force', ...FILE_COMMON_ALIASES },
    mutuallyExclusive: [['src', 'content']],
    properties: {
      src: { type: 'string', description: "Local path of the file to copy (searched in the role's files/ and the playbook dir), or with remote_src a path on the host." },
      content: { description: 'The content of the file, instead of src. A dict or list is written as JSON.' },
      dest: { type: 'string', description: 'Remote absolute path where the file is copied to. A directory (or a path ending in /) receives the file under its src name.' },
      backup: { type: 'boolean', default: false, description: 'Create a backup file including the timestamp before replacing dest.' },
      force: { type: 'boolean', default: true, description: 'Replace dest when its content differs; with false the file is only created if missing (also: thirsty).' },
      remote_src: { type: 'boolean', default: false, description: 'src is a file on the host, not the controller.' },
      validate: { type: 'string', description: "Command to validate the new file before it replaces dest; %s is the path of the new file, e.g. 'visudo -cf %s'." },
      ...FILE_COMMON_PROPERTIES,
      directory_mode: { description: 'Accepted for compatibility (directory trees are not copied yet).' },
      follow: { type: 'boolean', default: false, description: 'Accepted for compatibility.' },
      local_follow: { type: 'boolean', default: true, description: 'Accepted for compatibility: controller-side symlinks are followed.' },
      decrypt: { type: 'boolean', default: true, description: 'Accepted for compatibility.' },
      checksum: { type: 'string', description: 'Accepted for compatibility (drover computes the SHA1 itself).' },
    },
  },
  returns: {
    dest: { type: 'str', description: 'Destination file path.' },
    src: { type: 'str', description: 'Source file used.' },
    checksum: { type: 'str', description: 'SHA1 checksum of the file after running copy.' },
    md5sum: { type: 'str', description: 'MD5 checksum of the file after running copy (when changed).' },
    backup_file: { type: 'str', description: 'Name of the backup file created.', returned: 'changed and if backup=yes' },
    mode: { type: 'str', description: 'Permissions of the target.' },
    owner: { type: 'str', description: 'Owner of the file.' },
    group: { type: 'str', description: 'Group of the file.' },
    uid: { type: 'int', description: 'Owner id.' },
    gid: { type: 'int', description: 'Group id.' },
    size: { type: 'int', description: 'Size of the target.' },
    state: { type: 'str', description: 'State of the target.' },
  },
  examples: [
    '- name: Copy a config file',
    '  ansible.builtin.copy:',
    '    src: app.conf',
    '    dest: /etc/app.conf',
    "    mode: '0644'",
    '    backup: yes',
    '',
    '- name: Write a file from a string',
    '  ansible.builtin.copy:',
    '    content: "hello\\n"',
    '    dest: /tmp/hello.txt',
  ].join('\n'),

  prepare(args, controller) {
    const base = { dest: args.dest, mode: args.mode, owner: args.owner, group: args.group, backup: args.backup, force: args.force, validate: args.validate }
    const unsupported = unsupportedCommonArg(args)
    if (args.content !== undefined && args.content !== null) {
      const text = typeof args.content === 'string' ? args.content : JSON.stringify(args.content)
      return { ...base, content: Buffer.from(text, 'utf8'), afterHeader: args.dest, isContent: true, unsupported }
    }
    if (args.src === undefined) throw new ModuleArgsError('src (or content) is required')
    if (args.remote_src) return { ...base, remoteSrc: args.src, srcName: args.src, afterHeader: args.src, isContent: false, unsupported }
    const path = controller.findFile(args.src, 'files')
    if (statSync(path).isDirectory()) return { ...base, srcName: args.src, afterHeader: path, isContent: false, unsupported: 'drover does not copy directory trees yet' }
    return { ...base, content: controller.readFile(path), srcName: args.src, afterHeader: path, isContent: false, unsupported }
  },

  gather(input, host) {
    return gatherCopy(input, host)
  },

  plan(input, facts, options) {
    if (input.unsupported) return { changed: false, failed: true, msg: input.unsupported }
    return planCopy(input, facts, options)
  },
}
