import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, test } from 'node:test'
import { ConnectionError } from '../../src/errors.js'
import { ConnectionPool } from '../../src/connection/pool.js'
import { startHarness, type Harness } from '../harness/index.js'
import { runDrover } from './run-drover.js'
import { targetFor } from './ssh-target.js'

let h: Harness

before(async () => {
  h = await startHarness({ hosts: 5 })
})
after(() => h?.stop())

const pool = (): ConnectionPool => new ConnectionPool({ hostKeys: { checking: 'strict', files: [h.knownHosts] }, env: h.env() })

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return
    await sleep(10)
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** 64 chunks of 256 KiB, slowly; `onChunk(n)` runs before chunk n is handed over. */
function slowContent(onChunk: (n: number) => void): Readable {
  return Readable.from((async function* () {
    for (let n = 0; n < 64; n++) {
      onChunk(n)
      yield Buffer.alloc(256 * 1024, n)
      await sleep(15)
    }
  })())
}

test('killing a host\'s sshd mid-run marks that host UNREACHABLE and the others finish', async () => {
  const hosts = h.hosts.slice(0, 3)
  const inventory = h.writeInventory({ hosts, file: 'drop.ini' })
  const running = runDrover(['run', 'all', '-i', inventory, '-f', '3', '-a', `${h.activityScript} 3`], { env: h.env() })
  await waitFor(() => readFileSync(h.activityLog, 'utf8').includes('start h2\n'), 'the command to start on h2')
  await h.stopHost('h2')
  const run = await running
  assert.equal(run.code, 4, run.stdout + run.stderr)
  assert.match(run.stdout, /^h2 \| UNREACHABLE! =>/m)
  assert.match(run.stdout, /^h1 \| CHANGED \| rc=0 >>$/m)
  assert.match(run.stdout, /^h3 \| CHANGED \| rc=0 >>$/m)
})

test('a dropped connection during put leaves no file under the destination name; the next put cleans up', async () => {
  const host = h.hosts[3]!
  const destination = join(host.scratch, 'big.bin')
  const first = pool()
  try {
    const c = await first.get(targetFor(h, host, { privateKeyFile: h.clientKey }))
    let dropped: Promise<void> | undefined
    const put = c.put!(destination, slowContent((n) => {
      if (n === 8) dropped = h.dropSessions(host.name)
    }))
    await assert.rejects(put, ConnectionError)
    await dropped
    assert.equal(existsSync(destination), false, 'nothing under the real name')
  } finally {
    await first.closeAll()
  }
  const second = pool()
  try {
    const c = await second.get(targetFor(h, host, { privateKeyFile: h.clientKey }))
    await c.put!(destination, Buffer.from('complete\n'), { mode: 0o640 })
    assert.equal(readFileSync(destination, 'utf8'), 'complete\n')
    assert.deepEqual(readdirSync(host.scratch).filter((n) => n.includes('drover')), [], 'the dropped transfer\'s temp file is gone')
    assert.equal((await c.exec(`stat -c %a ${destination}`)).stdout.toString().trim(), '640')
  } finally {
    await second.closeAll()
  }
})

test('a host whose sshd dies during put: the put fails as unreachable and no destination file exists', async () => {
  const host = h.hosts[4]!
  const destination = join(host.scratch, 'big.bin')
  const p = pool()
  try {
    const c = await p.get(targetFor(h, host, { privateKeyFile: h.clientKey }))
    let stopped: Promise<void> | undefined
    await assert.rejects(c.put!(destination, slowContent((n) => {
      if (n === 8) stopped = h.stopHost(host.name)
    })), ConnectionError)
    await stopped
    assert.equal(existsSync(destination), false)
    await assert.rejects(c.exec('true'), ConnectionError, 'later commands fail fast')
  } finally {
    await p.closeAll()
  }
})
