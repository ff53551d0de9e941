/** wait_for and uri over a LocalConnection (node:http on 127.0.0.1), and the controller modules of issue 8. */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { encodeBody } from '../../modules/uri.js'
import { LocalConnection } from '../../src/connection/local.js'
import { parseResponseHeaders } from '../../src/module/http-response.js'
import { runAny } from './run-any.js'

let dir: string
let connection: LocalConnection
let server: Server
let port: number
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'drover-wu-'))
  connection = new LocalConnection('localhost')
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      if (req.url === '/redirect') {
        res.writeHead(302, { Location: '/json' })
        return void res.end()
      }
      if (req.url === '/missing') {
        res.statusCode = 404
        return void res.end('nope')
      }
      res.setHeader('Content-Type', 'application/json')
      res.setHeader('X-Custom-Thing', req.headers['x-token'] ?? '')
      res.end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'] ?? null }))
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  port = (server.address() as AddressInfo).port
})
after(async () => {
  await connection.close()
  await new Promise<void>((done) => server.close(() => done()))
  rmSync(dir, { recursive: true, force: true })
})

test('uri helpers: body encodings and header names as Ansible returns them', () => {
  assert.deepEqual(encodeBody({ body: { a: 1 }, body_format: 'json' }), { body: Buffer.from('{"a":1}'), contentType: 'application/json' })
  assert.equal(encodeBody({ body: { a: 'x y', b: 2 }, body_format: 'form-urlencoded' }).body!.toString(), 'a=x+y&b=2')
  const parsed = parseResponseHeaders('HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n')
  assert.deepEqual(parsed, { headers: { content_type: 'text/plain' }, redirected: true })
})

test('uri: POST json with headers, status, json and headers in the result; status_code mismatch fails', async () => {
  const result = await runAny(connection, 'uri', { url: `http://127.0.0.1:${port}/json`, method: 'POST', body_format: 'json', body: { k: "v '$(x)'" }, headers: { 'X-Token': 't 1' }, return_content: true })
  assert.equal(result.failed, undefined, JSON.stringify(result))
  assert.equal(result.status, 200)
  assert.deepEqual(result.json, { method: 'POST', body: JSON.stringify({ k: "v '$(x)'" }), type: 'application/json' })
  assert.equal(result.x_custom_thing, 't 1')
  assert.equal(result.changed, false)
  const redirected = await runAny(connection, 'uri', { url: `http://127.0.0.1:${port}/redirect` })
  assert.deepEqual([redirected.status, redirected.redirected, redirected.content], [200, true, undefined])
  const missing = await runAny(connection, 'uri', { url: `http://127.0.0.1:${port}/missing`, status_code: [200, 201] })
  assert.deepEqual([missing.failed, missing.status], [true, 404])
  assert.equal((await runAny(connection, 'uri', { url: `http://127.0.0.1:${port}/missing`, status_code: 404 })).failed, undefined)
  assert.equal((await runAny(connection, 'uri', { url: `http://127.0.0.1:${port}/json` }, { check: true })).skipped, true)
})

test('wait_for: an open port, a file with a regex, a missing file absent; timeouts fail with Ansible\'s message', async () => {
  const open = await runAny(connection, 'wait_for', { port, timeout: 5 })
  assert.deepEqual([open.failed, open.changed, open.port], [undefined, false, port])
  const path = join(dir, "ready '$(x)'")
  setTimeout(() => writeFileSync(path, 'starting\nREADY 42\n'), 1200)
  const file = await runAny(connection, 'wait_for', { path, search_regex: 'READY \\d+', timeout: 10 })
  assert.equal(file.failed, undefined, JSON.stringify(file))
  assert.ok(Number(file.elapsed) >= 1)
  assert.equal((await runAny(connection, 'wait_for', { path: join(dir, 'nope'), state: 'absent', timeout: 2 })).failed, undefined)
  const timedOut = await runAny(connection, 'wait_for', { path: join(dir, 'never'), timeout: 1 })
  assert.deepEqual([timedOut.failed, timedOut.msg], [true, `Timeout when waiting for file ${join(dir, 'never')}`])
  const closed = await runAny(connection, 'wait_for', { port: 1, timeout: 1, connect_timeout: 1 })
  assert.deepEqual([closed.failed, closed.msg], [true, 'Timeout when waiting for 127.0.0.1:1'])
})

test('include_vars: a file, a directory under a name, free-form; vault needs the decrypt the executor passes', async () => {
  const vars = join(dir, 'vars')
  mkdirSync(join(vars, 'all'), { recursive: true })
  writeFileSync(join(vars, 'main.yml'), 'a: 1\nb: [x]\n')
  writeFileSync(join(vars, 'all', '10.yml'), 'x: 1\n')
  writeFileSync(join(vars, 'all', '20.json'), '{"x": 2, "y": 3}')
  writeFileSync(join(vars, 'all', 'README'), 'skip')
  const where = { file: join(dir, 'play.yml') }
  const file = await runAny(connection, 'include_vars', { file: 'main.yml' }, { controllerRun: { where } })
  assert.deepEqual(file.ansible_facts, { a: 1, b: ['x'] })
  const tree = await runAny(connection, 'include_vars', { dir: 'vars/all', name: 'settings', ignore_unknown_extensions: true }, { controllerRun: { where } })
  assert.deepEqual(tree.ansible_facts, { settings: { x: 2, y: 3 } })
  assert.equal((await runAny(connection, 'include_vars', { _raw_params: join(vars, 'main.yml') })).changed, false)
  writeFileSync(join(vars, 'secret.yml'), '$ANSIBLE_VAULT;1.1;AES256\n0000\n')
  await assert.rejects(runAny(connection, 'include_vars', { file: join(vars, 'secret.yml') }), /vault-encrypted/)
  const decrypted = await runAny(connection, 'include_vars', { file: join(vars, 'secret.yml') }, { controllerRun: { decrypt: () => 'pw: s3cret\n' } })
  assert.deepEqual(decrypted.ansible_facts, { pw: 's3cret' })
  assert.equal((await runAny(connection, 'include_vars', { file: 'absent.yml' }, { controllerRun: { where } })).failed, true)
})

test('add_host, group_by, set_stats, pause: results and executor instructions', async () => {
  const added = await runAny(connection, 'add_host', { name: 'db9:2222', groups: 'db,new', ansible_user: 'u' })
  assert.deepEqual(added._drover_add_host, { host_name: 'db9', groups: ['db', 'new'], host_vars: { ansible_user: 'u', ansible_port: 2222 } })
  const grouped = await runAny(connection, 'group_by', { key: 'os Debian' }, { host: 'web1' })
  assert.deepEqual(grouped._drover_group_by, { host: 'web1', group: 'os-Debian', parents: ['all'] })
  assert.deepEqual((await runAny(connection, 'set_stats', { data: { n: 1 } })).ansible_stats, { data: { n: 1 }, per_host: false, aggregate: true })
  const paused = await runAny(connection, 'pause', { seconds: 1 })
  assert.match(String(paused.stdout), /^Paused for 1\.\d\d? seconds$/)
  assert.deepEqual([paused.delta, paused.changed, paused.rc, paused.stderr], [1, false, 0, ''])
  if (!process.stdin.isTTY) assert.equal((await runAny(connection, 'pause', { prompt: 'go?' })).failed, true)
})
