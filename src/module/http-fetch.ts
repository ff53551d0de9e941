/**
 * Downloads on the host with curl (or wget where curl is missing), as shell text built from quoted
 * data. The status code and the tool's exit code come back as `@@dl:*` sections so the body (in a
 * file, or base64) can never be confused with them.
 */
import { quote } from './shell.js'

export interface HttpRequest {
  url: string
  method?: string
  headers?: Record<string, string>
  /** Request body, sent from a here-document file. */
  body?: Buffer
  timeout: number
  validateCerts: boolean
  username?: string
  password?: string
  followRedirects: boolean
  /** Shell variable naming a file for the response headers (curl only). */
  headersVar?: string
}

/**
 * Shell text that performs the request, writing the body to the file named by the shell variable
 * `outVar` (already set) and printing `@@dl:status` (HTTP code, 0 when none) and `@@dl:rc`.
 */
export function httpRequestScript(req: HttpRequest, outVar: string): string {
  const out = `"$${outVar}"`
  const curl = ['curl', '-sS', '-o', out, '-w', quote('%{http_code}'), '--max-time', String(Math.max(1, Math.floor(req.timeout)))]
  const wget = ['wget', '-q', '-S', '-O', out, `--timeout=${Math.max(1, Math.floor(req.timeout))}`, '--tries=1']
  if (req.headersVar) curl.push('-D', `"$${req.headersVar}"`)
  if (req.followRedirects) curl.push('-L')
  else wget.push('--max-redirect=0')
  if (!req.validateCerts) {
    curl.push('-k')
    wget.push('--no-check-certificate')
  }
  if (req.method && req.method !== 'GET') {
    curl.push('-X', quote(req.method))
    wget.push(`--method=${quote(req.method)}`)
  }
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    curl.push('-H', quote(`${name}: ${value}`))
    wget.push(quote(`--header=${name}: ${value}`))
  }
  if (req.username !== undefined) {
    // Unlike Ansible's in-process client, these are visible in the host's process list while the request runs.
    curl.push('-u', quote(`${req.username}:${req.password ?? ''}`))
    wget.push(quote(`--user=${req.username}`), quote(`--password=${req.password ?? ''}`))
  }
  const lines: string[] = []
  if (req.body !== undefined) {
    const body = req.body.toString('base64').replace(/(.{76})/g, '$1\n')
    lines.push(`drover_body=$(mktemp) || exit 1`, `base64 -d > "$drover_body" <<'DROVER_BODY'\n${body}\nDROVER_BODY`)
    curl.push('--data-binary', '@"$drover_body"')
    wget.push('--body-file="$drover_body"')
  }
  curl.push('--', quote(req.url))
  wget.push('--', quote(req.url))
  lines.push(
    'if command -v curl >/dev/null 2>&1; then',
    `  drover_code=$(${curl.join(' ')}); drover_rc=$?`,
    'elif command -v wget >/dev/null 2>&1; then',
    `  drover_code=$(${wget.join(' ')} 2>&1 | sed -n 's/^ *HTTP\\/[0-9.]* \\([0-9][0-9][0-9]\\).*/\\1/p' | tail -n 1); drover_rc=$?`,
    '  [ -n "$drover_code" ] || drover_code=000',
    'else',
    "  echo 'neither curl nor wget is installed on the host' >&2; drover_code=000; drover_rc=127",
    'fi',
  )
  if (req.body !== undefined) lines.push('rm -f "$drover_body"')
  lines.push(`echo '@@dl:status'; echo "$drover_code"; echo '@@dl:rc'; echo "$drover_rc"`)
  return lines.join('\n')
}

export function parseStatus(sections: Map<string, string>): { status: number; rc: number } {
  return { status: Number((sections.get('dl:status') ?? '0').trim()) || -1, rc: Number((sections.get('dl:rc') ?? '1').trim()) }
}
