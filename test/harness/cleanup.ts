/**
 * Process-wide teardown hooks. This is the one piece of module state in the harness, because
 * 'exit' and signal handlers are process-wide by nature: one set of handlers, any number of
 * harnesses registered with it. Each callback must be synchronous and must not throw.
 */

type Teardown = () => void

const teardowns = new Set<Teardown>()
let installed = false
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

function runAll(): void {
  for (const teardown of [...teardowns]) {
    teardowns.delete(teardown)
    try {
      teardown()
    } catch {
      // keep tearing the others down
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  runAll()
  // Our listener replaces Node's default "terminate on signal". If nobody else handles the signal,
  // step aside and re-raise it so the process still dies the way the sender expects (128+n).
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal)
    process.kill(process.pid, signal)
  }
}

/** Registers a synchronous teardown run on exit, uncaught exception or SIGINT/SIGTERM/SIGHUP. */
export function onProcessExit(teardown: Teardown): () => void {
  if (!installed) {
    installed = true
    process.on('exit', runAll)
    for (const s of SIGNALS) process.on(s, onSignal)
  }
  teardowns.add(teardown)
  return () => {
    teardowns.delete(teardown)
  }
}
