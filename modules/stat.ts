import { parseSections, pathFacts, pathProbe, type PathFacts } from '../src/module/file-facts.js'
import { inlineCommand } from '../src/connection/shell-session.js'
import { formatMode } from '../src/module/file-mode.js'
import type { StateModule } from '../src/module/types.js'

export interface StatArgs {
  path: string
  follow: boolean
  get_checksum: boolean
  checksum_algorithm: string
  get_md5: boolean
  get_mime: boolean
  get_attributes: boolean
}

/** Ansible's stat dict, from one probe: everything but mimetype/charset (need `file`) and attributes (need lsattr). */
export function statResult(facts: PathFacts, args: Pick<StatArgs, 'follow' | 'get_checksum' | 'get_md5'>, md5?: string): Record<string, unknown> {
  const own = facts.stat
  const st = args.follow && own?.type === 'link' ? facts.target : own
  if (!facts.exists || !st) return { exists: false }
  const m = st.mode
  const out: Record<string, unknown> = {
    exists: true,
    path: facts.path,
    mode: formatMode(m),
    isdir: st.type === 'directory',
    ischr: st.type === 'chardev',
    isblk: st.type === 'blockdev',
    isreg: st.type === 'file',
    isfifo: st.type === 'fifo',
    islnk: st.type === 'link',
    issock: st.type === 'socket',
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    inode: st.inode,
    dev: st.dev,
    nlink: st.nlink,
    atime: st.atime,
    mtime: st.mtime,
    ctime: st.ctime,
    wusr: !!(m & 0o200), rusr: !!(m & 0o400), xusr: !!(m & 0o100),
    wgrp: !!(m & 0o020), rgrp: !!(m & 0o040), xgrp: !!(m & 0o010),
    woth: !!(m & 0o002), roth: !!(m & 0o004), xoth: !!(m & 0o001),
    isuid: !!(m & 0o4000), isgid: !!(m & 0o2000),
    blocks: st.blocks,
    block_size: st.blockSize,
    device_type: st.rdev,
    readable: !!facts.readable,
    writeable: !!facts.writeable,
    executable: !!facts.executable,
    pw_name: st.owner ?? String(st.uid),
    gr_name: st.group ?? String(st.gid),
  }
  if (st.type === 'link') {
    out.lnk_source = facts.realPath
    out.lnk_target = facts.linkTarget
  }
  if (st.type === 'file' && facts.readable) {
    if (args.get_checksum && facts.checksum !== undefined) out.checksum = facts.checksum
    if (args.get_md5 && md5 !== undefined) out.md5 = md5
  }
  return out
}

export const stat: StateModule<StatArgs, { facts: PathFacts; md5?: string }> = {
  kind: 'state',
  name: 'stat',
  shortDescription: 'Retrieve file or file system status',
  description: 'Retrieves facts for a file, like the Linux/Unix stat command. Never changes anything.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['path'],
    aliases: { dest: 'path', name: 'path', checksum: 'checksum_algorithm', checksum_algo: 'checksum_algorithm', mime: 'get_mime', mime_type: 'get_mime', mime_type_info: 'get_mime', attr: 'get_attributes', attributes: 'get_attributes' },
    properties: {
      path: { type: 'string', description: 'The full path of the file/object to get the facts of (also: dest, name).' },
      follow: { type: 'boolean', default: false, description: 'Whether to follow symlinks.' },
      get_checksum: { type: 'boolean', default: true, description: 'Whether to return a checksum of the file.' },
      checksum_algorithm: { type: 'string', default: 'sha1', enum: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'], description: 'Algorithm to determine the checksum of the file.' },
      get_md5: { type: 'boolean', default: false, description: 'Whether to return the md5 sum of the file.' },
      get_mime: { type: 'boolean', default: true, description: 'Accepted for compatibility; drover does not return mimetype/charset (they need the file command).' },
      get_attributes: { type: 'boolean', default: true, description: 'Accepted for compatibility; drover does not return attributes (they need lsattr).' },
    },
  },
  returns: {
    stat: { type: 'dict', description: 'exists, path, mode, isdir, isreg, islnk, uid, gid, pw_name, gr_name, size, mtime, atime, ctime, inode, dev, nlink, checksum, readable, writeable, executable, lnk_source, lnk_target, and the permission flags. Only {exists: false} for a missing path.' },
  },
  examples: [
    '- name: Check that the config exists',
    '  ansible.builtin.stat:',
    '    path: /etc/app.conf',
    '  register: conf',
    '',
    '- ansible.builtin.fail:',
    '    msg: missing',
    '  when: not conf.stat.exists',
  ].join('\n'),

  async gather(args, host) {
    const probe = pathProbe('p', args.path, { checksum: args.get_checksum, algorithm: args.checksum_algorithm, realPath: true })
    const md5 = args.get_md5 ? `\n${pathProbe('m', args.path, { checksum: true, algorithm: 'md5' })}` : ''
    const out = await host.run(inlineCommand(probe + md5))
    const sections = parseSections(out.stdout.toString('utf8'))
    return { facts: pathFacts(sections, 'p', args.path), md5: args.get_md5 ? pathFacts(sections, 'm', args.path).checksum : undefined }
  },

  plan(args, gathered) {
    return { changed: false, result: { stat: statResult(gathered.facts, args, gathered.md5) } }
  },
}
