import { ModuleArgsError } from '../src/errors.js'
import { FILE_COMMON_ALIASES, FILE_COMMON_PROPERTIES, unsupportedCommonArg } from '../src/module/file-common-args.js'
import { gatherCopy, planCopy, type CopyFacts, type CopyInput } from '../src/module/file-copy.js'
import type { ModeSpec } from '../src/module/file-mode.js'
import { walkSource } from '../src/module/copy-tree-source.js'
import { gatherTree, planTree, type TreeFacts, type TreeInput } from '../src/module/copy-tree.js'
import { planRemoteTree, remoteTreeFacts, remoteTreeProbe, type RemoteTreeFacts } from '../src/module/copy-remote-tree.js'
import { parseSections } from '../src/module/file-facts.js'
import type { StateModule } from '../src/module/types.js'
import { statSync } from 'node:fs'
import { pyJsonDumps } from '../src/template/filters/jinja.js'

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

type Prepared = (CopyInput & { unsupported?: string; tree?: undefined }) | { tree: TreeInput; unsupported?: string }

export const copy: StateModule<CopyArgs, CopyFacts | TreeFacts, Prepared> = {
  kind: 'state',
  name: 'copy',
  shortDescription: 'Copy files to remote locations',
  description:
    'Copies a file or a directory tree from the controller (src) or a string (content) to a path on the host, or a file or directory already on the host (remote_src). ' +
    "A src directory ending in '/' copies its contents, without it the directory itself, as Ansible does. " +
    'Idempotent by SHA1 checksum (one frame checks a whole tree), then mode and owner. New content is written to a temp file beside dest and renamed over it.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['dest'],
    aliases: { thirsty: 'force', ...FILE_COMMON_ALIASES },
    mutuallyExclusive: [['src', 'content']],
    properties: {
      src: { type: 'string', description: "Local path of the file to copy (searched in the role's files/ and the playbook dir), or with remote_src a path on the host." },
      content: { description: 'The content of the file, instead of src. A dict or list is written as JSON, a boolean as True or False.' },
      dest: { type: 'string', description: 'Remote absolute path where the file is copied to. A directory (or a path ending in /) receives the file under its src name.' },
      backup: { type: 'boolean', default: false, description: 'Create a backup file including the timestamp before replacing dest.' },
      force: { type: 'boolean', default: true, description: 'Replace dest when its content differs; with false the file is only created if missing (also: thirsty).' },
      remote_src: { type: 'boolean', default: false, description: 'src is a file on the host, not the controller.' },
      validate: { type: 'string', description: "Command to validate the new file before it replaces dest; %s is the path of the new file, e.g. 'visudo -cf %s'." },
      ...FILE_COMMON_PROPERTIES,
      directory_mode: { description: 'The mode of directories created or copied when src is a directory (else new ones get the umask default, existing ones keep theirs).' },
      follow: { type: 'boolean', default: false, description: 'Accepted for compatibility.' },
      local_follow: { type: 'boolean', default: true, description: 'When src is a directory: follow symlinks in it (false: copy them as links).' },
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
      const text = contentText(args.content)
      return { ...base, content: Buffer.from(text, 'utf8'), afterHeader: args.dest, isContent: true, unsupported }
    }
    if (args.src === undefined) throw new ModuleArgsError('src (or content) is required')
    if (args.remote_src) return { ...base, remoteSrc: args.src, srcName: args.src, afterHeader: args.src, isContent: false, unsupported }
    const path = controller.findFile(args.src, 'files')
    const st = statSync(path)
    if (st.isDirectory()) {
      // Ansible keeps the trailing slash of src: 'dir/' copies the contents, 'dir' the directory itself.
      const found = args.src.endsWith('/') && !path.endsWith('/') ? `${path}/` : path
      const tree = walkSource(found, args.local_follow !== false)
      const destRoot = args.dest.endsWith('/') ? args.dest : `${args.dest}/`
      return { tree: { destRoot, src: found, tree, mode: args.mode, directoryMode: args.directory_mode as ModeSpec | undefined, owner: args.owner, group: args.group, force: args.force, backup: args.backup }, unsupported }
    }
    const mode = args.mode === 'preserve' ? `0${(st.mode & 0o7777).toString(8)}` : args.mode
    return { ...base, mode, content: controller.readFile(path), srcName: args.src, afterHeader: path, isContent: false, unsupported }
  },

  async gather(input, host) {
    if (input.tree) return gatherTree(input.tree, host)
    if (input.remoteSrc === undefined) return gatherCopy(input, host)
    // Whether a remote src is a directory is only known on the host: its tree is listed in the same frame.
    const tree = remoteTreeInput(input)
    let stdout = ''
    const facts: CopyFacts & { remoteTree?: RemoteTreeFacts } = await gatherCopy(input, {
      run: async (command) => {
        const out = await host.run(`${command}\n${remoteTreeProbe(tree)}`)
        stdout = out.stdout.toString('utf8')
        return out
      },
    })
    if (facts.remote?.isDir) facts.remoteTree = remoteTreeFacts(tree, parseSections(stdout))
    return facts
  },

  plan(input, facts, options) {
    if (input.unsupported) return { changed: false, failed: true, msg: input.unsupported }
    if (input.tree) return planTree(input.tree, facts as TreeFacts, options)
    const remoteTree = (facts as { remoteTree?: RemoteTreeFacts }).remoteTree
    if (remoteTree) return planRemoteTree(remoteTreeInput(input), remoteTree, options)
    return planCopy(input, facts as CopyFacts, options)
  },
}

function remoteTreeInput(input: CopyInput) {
  return { src: input.remoteSrc!, dest: input.dest, mode: input.mode, owner: input.owner, group: input.group }
}

/** Ansible's copy writes a dict or list with Python's json.dumps and anything else as str() would. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (typeof content === 'boolean') return content ? 'True' : 'False'
  if (typeof content === 'number') return String(content)
  return pyJsonDumps(content)
}
