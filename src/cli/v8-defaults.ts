/**
 * The V8 settings drover starts with (main.ts sets them before the CLI loads). Each is read by V8
 * when it is used, not only at start-up, so setting it from inside the process applies. A setting
 * the user gave (command line or NODE_OPTIONS) wins, and none is set on a V8 not known to have it:
 * an unknown flag makes V8 print an error on stderr.
 */

interface V8Default {
  flag: string
  value: number
}

const DEFAULTS: V8Default[] = [
  // V8 hands a function to its optimising compiler (TurboFan, on background threads) once it has
  // run for an "interrupt budget" of bytecode. A run of drover is short and its JavaScript is
  // spread over many functions: with the default budget about a quarter of the controller's CPU
  // went to compiling code that then ran a few times. Eight times the default (V8 11's 66 KB)
  // leaves that to the really hot functions (ssh2's packet handling on long runs).
  { flag: 'interrupt-budget', value: 8 * 66 * 1024 },
  // After each full collection V8 lets the old generation grow to a multiple of what survived it,
  // up to 4× where the heap limit is 2 GB or more (Node's default on machines with 8 GB). With many
  // hosts in flight most per-task objects outlive two scavenges and are promoted, then die: at
  // 1,000 simulated hosts the live heap stays near 50 MB while the old generation grew past 150 MB
  // before V8 collected it, and the peak RSS reached 225-300 MB. Doubling at most keeps it at
  // 190-215 MB (bench/scale.ts, interleaved runs) for ~2% more CPU there, and none at 20 hosts;
  // growing by half saved another 20 MB for ~5% more CPU. Unlike a smaller --max-old-space-size
  // it sets no ceiling: a run that needs a large heap still gets one.
  { flag: 'heap-growing-percent', value: 100 },
]

/** `--name=value` for each default the user did not set, on V8 versions known to have them (11-13). */
export function v8Defaults(userFlags: string, v8Version: string): string[] {
  if (!/^1[1-3]\./.test(v8Version)) return []
  return DEFAULTS.filter(({ flag }) => !new RegExp(`--${flag.replaceAll('-', '[-_]')}(?![-_a-z])`).test(userFlags)).map(
    ({ flag, value }) => `--${flag}=${value}`,
  )
}
