import { FILE_COMMON_ALIASES, FILE_COMMON_PROPERTIES, unsupportedCommonArg } from '../src/module/file-common-args.js'
import { isAttributeFailure, pathInfo, planAttributes } from '../src/module/file-attributes.js'
import { destProbe, planWrite, type DestFacts } from '../src/module/content-write.js'
import { hostEnv, identity, parseSections, pathFacts, pathProbe } from '../src/module/file-facts.js'
import type { ModeSpec } from '../src/module/file-mode.js'
import { httpRequestScript, parseStatus } from '../src/module/http-fetch.js'
import { dirnameOf, joinPath } from '../src/module/paths.js'
import { quote } from '../src/module/shell.js'
import { stepsScript } from '../src/module/steps.js'
import type { ActionModule, ModuleContext, ModuleResult } from '../src/module/types.js'

export interface GetUrlArgs {
  url: string
  dest: string
  checksum: string
  force: boolean
  backup: boolean
  headers?: Record<string, string>
  timeout: number
  validate_certs: boolean
  url_username?: string
  url_password?: string
  mode?: ModeSpec
  owner?: string
  group?: string
  [key: string]: unknown
}

const ALGORITHMS = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'])

/** `algorithm:hexdigest` as Ansible accepts it; undefined for no checksum. */
export function parseChecksum(text: string): { algorithm: string; digest: string } | undefined | { error: string } {
  if (text === '') return undefined
  const at = text.indexOf(':')
  const algorithm = text.slice(0, at).toLowerCase()
  const digest = text.slice(at + 1).trim().toLowerCase()
  if (at < 0 || !ALGORITHMS.has(algorithm)) return { error: "The checksum parameter has to be in format <algorithm>:<checksum>" }
  if (!/^[0-9a-f]+$/.test(digest)) return { error: 'The checksum format is invalid' }
  return { algorithm, digest }
}

/** The file a URL lands in when dest is a directory: the last part of its path, as Ansible's url_filename. */
export function urlFilename(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/^[a-z]+:\/\/[^/]*/i, '')
  return decodeURIComponent(path.split('/').pop() ?? '') || 'index.html'
}

interface Probed extends DestFacts {
  path: string
  sum?: string
}

async function probe(args: GetUrlArgs, algorithm: string | undefined, context: ModuleContext): Promise<Probed> {
  const inDir = joinPath(args.dest, urlFilename(args.url))
  const extra = [pathProbe('i', inDir, { checksum: true }), pathProbe('ip', args.dest)]
  if (algorithm) extra.push(pathProbe('ds', args.dest, { checksum: true, algorithm }), pathProbe('is', inDir, { checksum: true, algorithm }))
  const out = await context.connection.exec(destProbe(args.dest, { owner: args.owner, group: args.group, extra: extra.join('\n') }))
  const s = parseSections(out.stdout.toString('utf8'))
  const dest = pathFacts(s, 'd', args.dest)
  const isDir = (dest.stat?.type === 'link' ? dest.target : dest.stat)?.type === 'directory'
  const env = hostEnv(s)
  const ids = identity(s)
  if (isDir) return { path: inDir, dest: pathFacts(s, 'i', inDir), parent: pathFacts(s, 'ip', args.dest), env, ids, sum: algorithm ? pathFacts(s, 'is', inDir).checksum : undefined }
  return { path: args.dest, dest, parent: pathFacts(s, 'parent', dirnameOf(args.dest)), env, ids, sum: algorithm ? pathFacts(s, 'ds', args.dest).checksum : undefined }
}

function attributesOnly(args: GetUrlArgs, facts: Probed, context: ModuleContext, base: ModuleResult): Promise<ModuleResult> | ModuleResult {
  const st = facts.dest.stat?.type === 'link' ? facts.dest.target : facts.dest.stat
  if (!st) return { ...base, changed: false }
  const attrs = planAttributes(facts.path, { type: st.type, mode: st.mode, uid: st.uid, gid: st.gid }, args, facts)
  if (isAttributeFailure(attrs)) return { ...base, failed: true, msg: attrs.msg }
  if (!attrs.changed || context.check) return { ...base, ...pathInfo(st), changed: attrs.changed }
  return context.connection.exec(stepsScript(attrs.steps)).then((r) =>
    r.rc === 0 ? { ...base, ...pathInfo({ ...st, mode: attrs.mode, uid: attrs.uid, gid: attrs.gid }), changed: true } : { ...base, failed: true, msg: r.stderr.toString('utf8').trim() },
  )
}

export const get_url: ActionModule<GetUrlArgs> = {
  kind: 'action',
  name: 'get_url',
  shortDescription: 'Downloads files from HTTP, HTTPS, or FTP to node',
  description:
    'Downloads a file on the host itself with curl (or wget), so the host needs network access to the URL, not the controller. ' +
    'An existing dest is left alone unless force is set or its checksum differs from `checksum`; a download that matches dest changes nothing. ' +
    'The new file is renamed into place, then mode/owner/group are applied.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['url', 'dest'],
    aliases: { thirsty: 'force', username: 'url_username', password: 'url_password', ...FILE_COMMON_ALIASES },
    properties: {
      url: { type: 'string', description: 'HTTP, HTTPS or FTP URL.' },
      dest: { type: 'string', description: 'Absolute path of the file to download to; a directory receives the file under the name at the end of the URL.' },
      checksum: { type: 'string', default: '', description: "'algorithm:checksum' (md5, sha1, sha224, sha256, sha384, sha512): the download must match, and a dest that matches is not downloaded again." },
      force: { type: 'boolean', default: false, description: 'Download every time, replacing dest when the content differs (also: thirsty).' },
      backup: { type: 'boolean', default: false, description: 'Keep a backup of dest (with a timestamp) before replacing it.' },
      headers: { type: 'object', description: 'HTTP request headers, as a dict.' },
      timeout: { type: 'integer', default: 10, description: 'Timeout in seconds for the request.' },
      validate_certs: { type: 'boolean', default: true, description: 'Verify TLS certificates.' },
      url_username: { type: 'string', description: 'User name for HTTP basic authentication (also: username).' },
      url_password: { type: 'string', description: 'Password for HTTP basic authentication (also: password).' },
      force_basic_auth: { type: 'boolean', default: false, description: 'Accepted for compatibility (curl sends basic credentials when given).' },
      http_agent: { type: 'string', description: 'Accepted for compatibility.' },
      tmp_dest: { type: 'string', description: 'Accepted for compatibility (the download goes beside dest).' },
      ...FILE_COMMON_PROPERTIES,
    },
  },
  returns: {
    dest: { type: 'str', description: 'Destination file path.' },
    url: { type: 'str', description: 'The URL used.' },
    status_code: { type: 'int', description: 'HTTP status code of the download.', returned: 'when downloaded' },
    checksum_dest: { type: 'str', description: 'SHA1 of dest before the download.', returned: 'when downloaded' },
    checksum_src: { type: 'str', description: 'SHA1 of the downloaded content.', returned: 'when downloaded' },
    size: { type: 'int', description: 'Size of dest.' },
    elapsed: { type: 'int', description: 'Seconds the download took.', returned: 'when downloaded' },
    msg: { type: 'str', description: 'OK (…), file already exists, or why it failed.' },
    mode: { type: 'str', description: 'Permissions of dest.' },
    owner: { type: 'str', description: 'Owner of dest.' },
    backup_file: { type: 'str', description: 'Name of the backup file.', returned: 'changed and backup=yes' },
  },
  examples: [
    '- name: Download a release, verified',
    '  ansible.builtin.get_url:',
    '    url: https://example.com/app-1.2.tar.gz',
    '    dest: /opt/app-1.2.tar.gz',
    "    checksum: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'",
    "    mode: '0440'",
  ].join('\n'),

  async run(args, context) {
    const unsupported = unsupportedCommonArg(args)
    if (unsupported) return { changed: false, failed: true, msg: unsupported }
    const wanted = parseChecksum(args.checksum)
    if (wanted && 'error' in wanted) return { changed: false, failed: true, msg: wanted.error }
    const facts = await probe(args, wanted?.algorithm, context)
    const base = { dest: facts.path, url: args.url }
    if (facts.dest.exists && !args.force) {
      if (!wanted) return attributesOnly(args, facts, context, { ...base, msg: 'file already exists' })
      if (facts.sum === wanted.digest) return attributesOnly(args, facts, context, { ...base, checksum_dest: facts.dest.checksum, checksum_src: facts.dest.checksum, msg: 'file already exists' })
    }
    if (!facts.parent.exists) return { ...base, changed: false, failed: true, msg: `Destination ${dirnameOf(facts.path)} does not exist` }
    if (context.check) return { ...base, changed: true, msg: 'file would be downloaded' }
    const tmp = `${dirnameOf(facts.path)}/.${facts.path.split('/').pop()}.drover-download`
    const started = Date.now()
    const download = [
      `drover_dl=${quote(tmp)}`,
      httpRequestScript({ url: args.url, headers: args.headers, timeout: args.timeout, validateCerts: args.validate_certs, username: args.url_username, password: args.url_password, followRedirects: true }, 'drover_dl'),
      `if [ -f "$drover_dl" ]; then echo '@@dl:sha1'; sha1sum < "$drover_dl" | cut -d' ' -f1; echo '@@dl:size'; wc -c < "$drover_dl"${wanted ? `; echo '@@dl:sum'; ${wanted.algorithm}sum < "$drover_dl" | cut -d' ' -f1` : ''}; fi`,
    ].join('\n')
    const out = await context.connection.exec(download)
    const s = parseSections(out.stdout.toString('utf8'))
    const { status, rc } = parseStatus(s)
    const elapsed = Math.round((Date.now() - started) / 1000)
    const cleanup = () => context.connection.exec(`rm -f -- ${quote(tmp)}`)
    if (rc !== 0 || status < 200 || status >= 300) {
      await cleanup()
      const reason = out.stderr.toString('utf8').trim()
      return { ...base, changed: false, failed: true, status_code: status, elapsed, msg: status > 0 && rc === 0 ? `Request failed: HTTP Error ${status}` : `Request failed: ${reason || `exit code ${rc}`}` }
    }
    const sha1 = (s.get('dl:sha1') ?? '').trim()
    const size = Number((s.get('dl:size') ?? '0').trim())
    if (wanted && (s.get('dl:sum') ?? '').trim() !== wanted.digest) {
      await cleanup()
      return { ...base, changed: false, failed: true, msg: `The checksum for ${facts.path} did not match ${wanted.digest}; it was ${(s.get('dl:sum') ?? '').trim()}.` }
    }
    const result = { ...base, status_code: status, elapsed, checksum_src: sha1, checksum_dest: facts.dest.checksum ?? null }
    if (facts.dest.exists && facts.dest.checksum === sha1) {
      await cleanup()
      return attributesOnly(args, facts, context, { ...result, msg: `OK (${size} bytes)` })
    }
    const write = planWrite({ dest: facts.path, source: { remotePath: tmp, checksum: sha1, size }, mode: args.mode, owner: args.owner, group: args.group, backup: args.backup }, facts)
    if ('failed' in write) {
      await cleanup()
      return { ...result, changed: false, failed: true, msg: write.msg }
    }
    const applied = await context.connection.exec(`${stepsScript(write.steps)}; drover_rc=$?; rm -f -- ${quote(tmp)}; exit $drover_rc`)
    if (applied.rc !== 0) return { ...result, changed: false, failed: true, msg: applied.stderr.toString('utf8').trim() }
    return { ...result, ...write.info, changed: true, msg: `OK (${size} bytes)`, ...(write.backupFile ? { backup_file: write.backupFile } : {}) }
  },
}
