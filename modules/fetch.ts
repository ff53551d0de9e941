import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseSections, pathFacts, pathProbe } from '../src/module/file-facts.js'
import type { ActionModule } from '../src/module/types.js'

export interface FetchArgs {
  src: string
  dest: string
  flat: boolean
  fail_on_missing: boolean
  validate_checksum: boolean
}

/** Where the copy goes on the controller: dest/<inventory_hostname>/<remote path>, or dest itself with flat. */
export function fetchDestination(args: Pick<FetchArgs, 'src' | 'dest' | 'flat'>, host: string, cwd: string): string {
  const dest = resolve(cwd, args.dest)
  if (args.flat) return args.dest.endsWith('/') ? join(dest, args.src.split('/').pop() ?? args.src) : dest
  return join(dest, host, args.src)
}

function digest(algorithm: 'sha1' | 'md5', content: Buffer): string {
  return createHash(algorithm).update(content).digest('hex')
}

export const fetch: ActionModule<FetchArgs> = {
  kind: 'action',
  name: 'fetch',
  shortDescription: 'Fetch files from remote nodes',
  description:
    'Copies a file from the host to the controller, into dest/<inventory_hostname>/<path on the host> (or straight to dest with flat). ' +
    'The content travels base64-encoded in the one probe frame, and only when its SHA1 differs from the local copy. ' +
    'Like Ansible, it does not run in check mode (the task is skipped). A relative dest is taken from the current directory.',
  output: 'json',
  checkMode: 'none',
  schema: {
    type: 'object',
    required: ['src', 'dest'],
    properties: {
      src: { type: 'string', description: 'The file on the host to fetch. This must be a file, not a directory.' },
      dest: { type: 'string', description: 'A directory on the controller to save the file into (with flat, the file path itself, or a directory if it ends in /).' },
      flat: { type: 'boolean', default: false, description: 'Do not append the host name and the remote path to dest.' },
      fail_on_missing: { type: 'boolean', default: true, description: 'Fail when the remote file is missing or cannot be read.' },
      validate_checksum: { type: 'boolean', default: true, description: 'Verify that the fetched copy has the checksum of the remote file.' },
    },
  },
  returns: {
    dest: { type: 'str', description: 'Path of the copy on the controller.' },
    checksum: { type: 'str', description: 'SHA1 of the local copy.' },
    remote_checksum: { type: 'str', description: 'SHA1 of the remote file.', returned: 'changed' },
    md5sum: { type: 'str', description: 'MD5 of the local copy.' },
    file: { type: 'str', description: 'The remote path.', returned: 'not changed' },
  },
  examples: [
    '- name: Collect each host\'s sshd config into fetched/<host>/etc/ssh/sshd_config',
    '  ansible.builtin.fetch:',
    '    src: /etc/ssh/sshd_config',
    '    dest: fetched',
    '',
    '- name: One file per host, named after it',
    '  ansible.builtin.fetch:',
    '    src: /tmp/report.txt',
    '    dest: "reports/{{ inventory_hostname }}.txt"',
    '    flat: yes',
  ].join('\n'),

  async run(args, context) {
    if (context.check) return { changed: false, skipped: true, msg: 'check mode not (yet) supported for this module' }
    const dest = fetchDestination(args, context.host, process.cwd())
    const local = existsSync(dest) && statSync(dest).isFile() ? readFileSync(dest) : undefined
    const localSum = local ? digest('sha1', local) : ''
    const probe = pathProbe('f', args.src, { checksum: true, content: { unlessChecksum: localSum, maxSize: Number.MAX_SAFE_INTEGER } })
    const out = await context.connection.exec(probe)
    const facts = pathFacts(parseSections(out.stdout.toString('utf8')), 'f', args.src)
    const st = facts.stat?.type === 'link' ? facts.target : facts.stat
    const missing = (msg: string) => (args.fail_on_missing ? { changed: false, failed: true, msg } : { changed: false, file: args.src, msg })
    if (!facts.exists || !st) return missing('the remote file does not exist, not transferring, ignored')
    if (st.type === 'directory') return { changed: false, failed: true, msg: 'remote file is a directory, fetch cannot work on directories' }
    if (!facts.readable || facts.checksum === undefined) return missing('file is not readable, not transferring, ignored')
    if (local && localSum === facts.checksum) return { changed: false, md5sum: digest('md5', local), file: args.src, dest, checksum: localSum }
    const content = facts.content ?? Buffer.alloc(0)
    const checksum = digest('sha1', content)
    if (args.validate_checksum && checksum !== facts.checksum) {
      return { changed: false, failed: true, msg: 'checksum mismatch', file: args.src, dest, checksum, remote_checksum: facts.checksum }
    }
    mkdirSync(dirname(dest), { recursive: true })
    // Temp file + rename, as on the host: an interrupted fetch never leaves half a file behind.
    const tmp = `${dest}.drover-${process.pid}`
    writeFileSync(tmp, content)
    renameSync(tmp, dest)
    return { changed: true, md5sum: digest('md5', content), dest, remote_md5sum: null, checksum, remote_checksum: facts.checksum }
  },
}
