import { readFileSync } from 'node:fs'
import { findControllerFile } from '../src/module/controller-file.js'
import { parseSections } from '../src/module/file-facts.js'
import { archiveAttributesScript } from '../src/module/archive-attributes.js'
import { commandLine, quote } from '../src/module/shell.js'
import type { ActionModule } from '../src/module/types.js'

export interface UnarchiveArgs {
  src: string
  dest: string
  remote_src: boolean
  creates?: string
  list_files: boolean
  extra_opts: string[]
  keep_newer: boolean
  include?: string[]
  exclude?: string[]
  owner?: string
  group?: string
  mode?: string | number
  [key: string]: unknown
}

// tar --compare lines that mean the tree differs; Uid/Gid differences are not ours to fix without owner,
// and with a mode given, the mode is set after extraction (and compared then), as Ansible does.
const TAR_DIFFERS = /: (Contents differ|Size differs|Mod time differs|Mode differs|File type differs|Symlink differs|Warning: Cannot stat|Not linked to|Cannot stat|Could not)/
const TAR_DIFFERS_BUT_MODE = new RegExp(TAR_DIFFERS.source.replace('Mode differs|', ''))

/**
 * One frame: the archive (sent base64 when it comes from the controller), `creates`, the format
 * (tar with any compression GNU tar detects, or zip), whether dest already holds its content
 * (tar --compare; for zip every listed entry exists), and unless that or --check says otherwise, extraction.
 */
export function unarchiveFrame(args: UnarchiveArgs, options: { upload?: Buffer; check: boolean }): string {
  const dest = quote(args.dest)
  const extra = args.extra_opts.length > 0 ? ` ${commandLine(args.extra_opts)}` : ''
  const members = (args.include ?? []).length > 0 ? ` -- ${commandLine(args.include!)}` : ''
  const tarExclude = (args.exclude ?? []).map((e) => ` ${quote(`--exclude=${e}`)}`).join('')
  const zipExclude = (args.exclude ?? []).length > 0 ? ` -x ${commandLine(args.exclude!)}` : ''
  const lines: string[] = ['drover_w=$(mktemp -d) || exit 1', `trap 'rm -rf "$drover_w"' EXIT`, `drover_dest=${dest}`, 'drover_m="$drover_w/members"']
  if (options.upload) {
    const body = options.upload.toString('base64').replace(/(.{76})/g, '$1\n')
    lines.push('drover_a="$drover_w/archive"', `base64 -d > "$drover_a" <<'DROVER_ARCHIVE'\n${body}\nDROVER_ARCHIVE`)
  } else lines.push(`drover_a=${quote(args.src)}`)
  if (args.creates !== undefined) lines.push(`if [ -e ${quote(args.creates)} ]; then echo '@@u:creates'; exit 0; fi`)
  lines.push(
    `if [ ! -f "$drover_a" ]; then echo '@@u:nosrc'; exit 0; fi`,
    `if [ ! -d ${dest} ]; then echo '@@u:nodest'; exit 0; fi`,
    `if tar -tf "$drover_a"${members} >/dev/null 2>&1; then drover_h=TgzArchive`,
    `elif command -v unzip >/dev/null 2>&1 && unzip -Z1 "$drover_a" >/dev/null 2>&1; then drover_h=ZipArchive`,
    `else echo '@@u:unknown'; exit 0; fi`,
    `echo '@@u:handler'; echo "$drover_h"`,
    `if [ "$drover_h" = TgzArchive ]; then tar -tf "$drover_a"${tarExclude}${members}; else unzip -Z1 "$drover_a"${members}${zipExclude}; fi > "$drover_m" 2>/dev/null`,
    `echo '@@u:files'; base64 < "$drover_m"`,
    `if [ "$drover_h" = TgzArchive ]; then`,
    `  drover_d=$(tar -d -f "$drover_a" -C ${dest}${tarExclude}${members} 2>&1 | grep -E ${quote((args.mode !== undefined ? TAR_DIFFERS_BUT_MODE : TAR_DIFFERS).source)} | head -n 1)`,
    'else',
    '  drover_d=',
    `  while IFS= read -r f; do [ -e ${dest}/"$f" ] || [ -L ${dest}/"$f" ] || { drover_d=missing; break; }; done < "$drover_m"`,
    'fi',
    `if [ -z "$drover_d" ]; then echo '@@u:same'; else echo '@@u:differs'; fi`,
  )
  if (!options.check) {
    const keep = args.keep_newer ? ' --keep-newer-files' : ''
    lines.push(
      `if [ -n "$drover_d" ]; then`,
      `  if [ "$drover_h" = TgzArchive ]; then tar -x -f "$drover_a" -C ${dest}${keep}${extra}${tarExclude}${members}; else unzip -o${extra} "$drover_a"${members}${zipExclude} -d ${dest}; fi >&2 || exit 1`,
      "  echo '@@u:extracted'",
      'fi',
    )
  }
  lines.push(archiveAttributesScript({ owner: args.owner, group: args.group, mode: args.mode }, !options.check))
  return lines.join('\n')
}


export const unarchive: ActionModule<UnarchiveArgs> = {
  kind: 'action',
  name: 'unarchive',
  shortDescription: 'Unpacks an archive after (optionally) copying it from the local machine',
  description:
    'Unpacks a tar (gz, bz2, xz: whatever GNU tar detects) or zip archive into an existing directory on the host, with tar or unzip there. ' +
    'The archive comes from the controller (sent inside the same frame: meant for archives of a few megabytes) or, with remote_src, is already on the host. ' +
    'Nothing is extracted when creates exists or when dest already holds the archive\'s content (tar --compare; for zip, every entry exists). ' +
    'owner, group and mode are applied to every extracted path (dest itself is left alone), and count for idempotency.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['src', 'dest'],
    properties: {
      src: { type: 'string', description: "The archive: a controller path (role files/, playbook dir), or with remote_src a path on the host." },
      dest: { type: 'string', description: 'Absolute path of an existing directory on the host to unpack into.' },
      remote_src: { type: 'boolean', default: false, description: 'src is already on the host.' },
      copy: { type: 'boolean', description: 'Deprecated opposite of remote_src.' },
      creates: { type: 'string', description: 'If this path exists on the host, nothing is done.' },
      list_files: { type: 'boolean', default: false, description: 'Return the list of files in the archive.' },
      extra_opts: { type: 'array', items: { type: 'string' }, default: [], description: 'Extra options for tar or unzip when extracting.' },
      keep_newer: { type: 'boolean', default: false, description: 'Do not replace existing files that are newer than those in the archive (tar).' },
      include: { type: 'array', items: { type: 'string' }, description: 'Only these archive members.' },
      exclude: { type: 'array', items: { type: 'string' }, description: 'Leave out these archive members (patterns).' },
      // No schema type, as for every file module: the registry would turn '0644' into the number 644.
      mode: { description: "Mode of every extracted path, directories included: an octal string ('0644'), a number as YAML gives it, or symbolic ('u=rwX,go=rX')." },
      owner: { type: 'string', description: 'Owner (name or uid) of every extracted path.' },
      group: { type: 'string', description: 'Group (name or gid) of every extracted path.' },
      validate_certs: { type: 'boolean', default: true, description: 'Accepted for compatibility.' },
      decrypt: { type: 'boolean', default: true, description: 'Accepted for compatibility.' },
    },
  },
  returns: {
    dest: { type: 'str', description: 'Path to the destination directory.' },
    src: { type: 'str', description: 'The archive.' },
    handler: { type: 'str', description: 'TgzArchive or ZipArchive.' },
    files: { type: 'list', description: 'Files in the archive.', returned: 'list_files is yes' },
    msg: { type: 'str', description: 'Why nothing was done, or why it failed.' },
  },
  examples: [
    '- name: Unpack a release shipped with the playbook',
    '  ansible.builtin.unarchive:',
    '    src: app-1.2.tar.gz',
    '    dest: /opt/app',
    '',
    '- name: Unpack an archive already on the host, once',
    '  ansible.builtin.unarchive:',
    '    src: /tmp/site.zip',
    '    dest: /srv/www',
    '    remote_src: yes',
    '    creates: /srv/www/index.html',
  ].join('\n'),

  async run(args, context) {
    if (args.mode !== undefined && args.mode !== null && typeof args.mode !== 'string' && typeof args.mode !== 'number') return { changed: false, failed: true, msg: 'argument mode must be a string or a number' }
    const remote = args.remote_src || args.copy === false
    if (remote && /^[a-z]+:\/\//i.test(args.src)) return { changed: false, failed: true, msg: 'drover does not download URLs in unarchive yet: use get_url, then unarchive with remote_src' }
    const upload = remote ? undefined : readFileSync(findControllerFile(args.src, context))
    const out = await context.connection.exec(unarchiveFrame(args, { upload, check: context.check }))
    const s = parseSections(out.stdout.toString('utf8'))
    const base = { dest: args.dest, src: args.src }
    if (s.has('u:creates')) return { ...base, changed: false, skipped: true, msg: `skipped, since ${args.creates} exists` }
    if (s.has('u:nosrc')) return { ...base, changed: false, failed: true, msg: `Source '${args.src}' does not exist` }
    if (s.has('u:nodest')) return { ...base, changed: false, failed: true, msg: `dest '${args.dest}' must be an existing dir` }
    if (s.has('u:unknown')) return { ...base, changed: false, failed: true, msg: `Failed to find handler for "${args.src}". Make sure the required command to extract the file is installed (tar, unzip).` }
    const result: Record<string, unknown> = { ...base, handler: (s.get('u:handler') ?? '').trim() }
    if (args.list_files) result.files = Buffer.from(s.get('u:files') ?? '', 'base64').toString('utf8').split('\n').filter((f) => f !== '')
    if (out.rc !== 0) return { ...result, changed: false, failed: true, msg: `failed to unpack ${args.src} to ${args.dest}: ${out.stderr.toString('utf8').trim()}` }
    return { ...result, changed: s.has('u:differs') || s.has('u:attrs') }
  },
}
