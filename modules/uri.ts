import { parseSections } from '../src/module/file-facts.js'
import { httpRequestScript, parseStatus } from '../src/module/http-fetch.js'
import { parseResponseHeaders } from '../src/module/http-response.js'
import type { ActionModule } from '../src/module/types.js'

export interface UriArgs {
  url: string
  method: string
  body?: unknown
  body_format: 'raw' | 'json' | 'form-urlencoded'
  headers: Record<string, string>
  status_code: number[]
  return_content: boolean
  validate_certs: boolean
  timeout: number
  url_username?: string
  url_password?: string
  follow_redirects: string
  [key: string]: unknown
}

/** The request body and the content type it implies, as Ansible's uri encodes body_format. */
export function encodeBody(args: Pick<UriArgs, 'body' | 'body_format'>): { body?: Buffer; contentType?: string } {
  if (args.body === undefined || args.body === null) return {}
  if (args.body_format === 'json') return { body: Buffer.from(typeof args.body === 'string' ? args.body : JSON.stringify(args.body)), contentType: 'application/json' }
  if (args.body_format === 'form-urlencoded' && typeof args.body === 'object') {
    const pairs = Array.isArray(args.body) ? (args.body as [string, unknown][]) : Object.entries(args.body as Record<string, unknown>)
    const form: [string, string][] = pairs.map(([k, v]) => [k, String(v)])
    return { body: Buffer.from(new URLSearchParams(form).toString()), contentType: 'application/x-www-form-urlencoded' }
  }
  return { body: Buffer.from(typeof args.body === 'string' ? args.body : JSON.stringify(args.body)) }
}

export const uri: ActionModule<UriArgs> = {
  kind: 'action',
  name: 'uri',
  shortDescription: 'Interacts with webservices',
  description:
    'Makes an HTTP request from the host with curl (wget without response headers where curl is missing), and returns status, headers ' +
    'and, with return_content or a JSON response, the body. Fails when the status is not in status_code. Never changed; skipped in check mode.',
  output: 'json',
  checkMode: 'none',
  schema: {
    type: 'object',
    required: ['url'],
    aliases: { user: 'url_username', password: 'url_password' },
    properties: {
      url: { type: 'string', description: 'HTTP or HTTPS URL.' },
      method: { type: 'string', default: 'GET', description: 'The HTTP method (GET, POST, PUT, DELETE, …).' },
      body: { description: 'The request body; a dict or list with body_format json or form-urlencoded.' },
      body_format: { type: 'string', default: 'raw', enum: ['raw', 'json', 'form-urlencoded'], description: 'How body is encoded; json and form-urlencoded also set Content-Type.' },
      headers: { type: 'object', default: {}, description: 'Request headers, as a dict.' },
      status_code: { type: 'array', items: { type: 'integer' }, default: [200], description: 'Status codes that mean success.' },
      return_content: { type: 'boolean', default: false, description: 'Return the body as content.' },
      validate_certs: { type: 'boolean', default: true, description: 'Verify TLS certificates.' },
      timeout: { type: 'integer', default: 30, description: 'Socket timeout in seconds.' },
      url_username: { type: 'string', description: 'User for basic authentication (also: user).' },
      url_password: { type: 'string', description: 'Password for basic authentication (also: password).' },
      force_basic_auth: { type: 'boolean', default: false, description: 'Accepted for compatibility (curl sends basic credentials when given).' },
      follow_redirects: { type: 'string', default: 'safe', enum: ['all', 'none', 'safe', 'urllib2', 'yes', 'no'], description: 'Whether to follow redirects (none/no: do not).' },
    },
  },
  returns: {
    status: { type: 'int', description: 'The HTTP status code (-1 when no response).' },
    url: { type: 'str', description: 'The URL requested.' },
    content: { type: 'str', description: 'The body.', returned: 'return_content' },
    json: { type: 'dict', description: 'The body parsed, for a JSON response.', returned: 'JSON response and return_content' },
    redirected: { type: 'bool', description: 'Whether a redirect was followed.' },
    msg: { type: 'str', description: 'OK (N bytes), or why it failed.' },
    '<header>': { type: 'str', description: 'Each response header, lower case with underscores (content_type, …).' },
  },
  examples: [
    '- name: Check the health endpoint',
    '  ansible.builtin.uri:',
    '    url: http://localhost:8080/health',
    '    return_content: yes',
    '  register: health',
    '  failed_when: health.json.status != "ok"',
    '',
    '- name: Create a resource',
    '  ansible.builtin.uri:',
    '    url: http://localhost:8080/api/items',
    '    method: POST',
    '    body_format: json',
    '    body: { name: x }',
    '    status_code: [200, 201]',
  ].join('\n'),

  async run(args, context) {
    if (context.check) return { changed: false, skipped: true, msg: 'check mode not supported for uri' }
    const { body, contentType } = encodeBody(args)
    const headers = { ...(contentType && !Object.keys(args.headers).some((h) => h.toLowerCase() === 'content-type') ? { 'Content-Type': contentType } : {}), ...args.headers }
    const request = httpRequestScript(
      { url: args.url, method: args.method.toUpperCase(), headers, body, timeout: args.timeout, validateCerts: args.validate_certs, username: args.url_username, password: args.url_password, followRedirects: !['none', 'no'].includes(args.follow_redirects), headersVar: 'drover_hd' },
      'drover_out',
    )
    const script = [
      'drover_out=$(mktemp) && drover_hd=$(mktemp) || exit 1',
      request,
      `echo '@@dl:body'; base64 < "$drover_out"; echo '@@dl:headers'; base64 < "$drover_hd"`,
      'rm -f "$drover_out" "$drover_hd"',
    ].join('\n')
    const started = Date.now()
    const out = await context.connection.exec(script)
    const s = parseSections(out.stdout.toString('utf8'))
    const { status, rc } = parseStatus(s)
    const content = Buffer.from(s.get('dl:body') ?? '', 'base64').toString('utf8')
    const response = parseResponseHeaders(Buffer.from(s.get('dl:headers') ?? '', 'base64').toString('utf8'))
    const result: Record<string, unknown> = { changed: false, ...response.headers, url: args.url, status, redirected: response.redirected, elapsed: Math.round((Date.now() - started) / 1000) }
    if (rc !== 0 && status <= 0) return { ...result, status: -1, failed: true, msg: `Status code was -1 and not ${JSON.stringify(args.status_code)}: Request failed: ${out.stderr.toString('utf8').trim()}` }
    if (args.return_content) result.content = content
    if (/json/i.test(String(response.headers.content_type ?? '')) && args.return_content) {
      try {
        result.json = JSON.parse(content)
      } catch {
        // Ansible leaves json out when the body does not parse.
      }
    }
    const size = Buffer.byteLength(content)
    if (!args.status_code.includes(status)) return { ...result, failed: true, msg: `Status code was ${status} and not ${JSON.stringify(args.status_code)}: HTTP Error ${status}` }
    return { ...result, msg: `OK (${size} bytes)` }
  },
}
