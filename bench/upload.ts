/**
 * Upload benchmark (issue 6, acceptance 6): a 200 MB file uploaded over SFTP to a harness sshd,
 * streamed from disk, while the controller's resident memory is sampled. Target: peak RSS < 150 MB.
 * Run (as root, needs sshd): npx tsc -p tsconfig.json && node dist/bench/upload.js [megabytes]
 */
import { execFileSync } from 'node:child_process'
import { createReadStream, statSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { ConnectionPool } from '../src/connection/pool.js'
import { startHarness } from '../test/harness/index.js'

const MEGABYTES = Number(process.argv[2] ?? 200)
const LIMIT_MB = 150

/** Made and hashed by child processes, so the controller's memory holds none of it beforehand. */
function makeFile(path: string): string {
  execFileSync('sh', ['-c', `head -c ${MEGABYTES}M /dev/urandom > '${path}'`])
  return sha256(path)
}

const sha256 = (path: string): string => execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0]!

const harness = await startHarness({ hosts: 1 })
try {
  const host = harness.hosts[0]!
  const source = join(harness.dir, 'upload.bin')
  const digest = makeFile(source)
  const baseline = process.memoryUsage().rss
  let peak = baseline
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 20)
  const pool = new ConnectionPool({ hostKeys: { checking: 'strict', files: [harness.knownHosts] }, env: harness.env() })
  const destination = join(host.scratch, 'upload.bin')
  const started = performance.now()
  try {
    const connection = await pool.get({ name: host.name, transport: 'ssh', address: host.address, port: host.port, user: harness.user, privateKeyFile: harness.clientKey, timeoutSeconds: 10 })
    await connection.put!(destination, createReadStream(source, { highWaterMark: 256 * 1024 }), { mode: 0o600 })
  } finally {
    await pool.closeAll()
    clearInterval(sampler)
  }
  const seconds = (performance.now() - started) / 1000
  peak = Math.max(peak, process.memoryUsage().rss)
  const remote = sha256(destination)
  const size = statSync(destination).size
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(1)
  console.log(`upload: ${MEGABYTES} MB in ${seconds.toFixed(2)} s (${(MEGABYTES / seconds).toFixed(1)} MB/s)`)
  console.log(`controller RSS: baseline ${mb(baseline)} MB, peak ${mb(peak)} MB (limit ${LIMIT_MB} MB)`)
  console.log(`remote file: ${size} bytes, sha256 ${remote === digest ? 'matches' : 'DIFFERS'}`)
  if (size !== MEGABYTES * 1024 * 1024 || remote !== digest) process.exitCode = 1
  if (peak > LIMIT_MB * 1024 * 1024) {
    console.log('FAIL: peak RSS over the limit')
    process.exitCode = 1
  }
} finally {
  await harness.stop()
}
