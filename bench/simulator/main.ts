/**
 * The scale simulator as its own process, so the controller's CPU and memory are measured alone:
 * `node dist/bench/simulator/main.js ROOT CLIENT_PUBLIC_KEY_FILE`. Prints one JSON line
 * `{"port":…,"hostKey":"ssh-ed25519 …"}` once listening. Each line on stdin is a command:
 * `reset` (forget the recording before a run) and `stats`; each is answered with one JSON line.
 */
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import ssh2 from 'ssh2'
import { ReplayBook, runInShell } from './replay.js'
import { createSimulator } from './server.js'

const [root, clientKeyFile] = process.argv.slice(2)
if (!root || !clientKeyFile) {
  process.stderr.write('usage: simulator ROOT CLIENT_PUBLIC_KEY_FILE\n')
  process.exit(2)
}
const hostKey = ssh2.utils.generateKeyPairSync('ed25519')
const book = new ReplayBook((body) => runInShell(body, root))
const { server, stats } = createSimulator({ hostKey: hostKey.private, clientKey: readFileSync(clientKeyFile, 'utf8'), book })
// A large backlog: every host connects at once when forks = hosts.
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  const address = server.address() as { port: number }
  process.stdout.write(`${JSON.stringify({ port: address.port, hostKey: hostKey.public })}\n`)
})
const input = createInterface({ input: process.stdin })
input.on('line', (line) => {
  if (line === 'reset') book.reset()
  process.stdout.write(`${JSON.stringify({ ...stats, ...book.counts })}\n`)
})
input.on('close', () => process.exit(0))
