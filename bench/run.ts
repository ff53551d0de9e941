/**
 * `npm run bench`: the converge benchmark against real sshd hosts, side by side with ansible-core
 * (bench/harness-bench.ts); `npm run bench -- --sim …`: the scale benchmark against simulated
 * hosts (bench/scale.ts).
 */
if (process.argv.includes('--sim')) await import('./scale.js')
else await import('./harness-bench.js')
