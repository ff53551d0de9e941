/**
 * The environment to run drover with: the caller's PATH, the harness HOME, and nothing that could
 * change drover's behaviour from outside the test (ANSIBLE_*, DROVER_*, an ssh-agent, ~/.ssh).
 */
export function harnessEnv(home: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
  }
  // Kept because they only affect where temp files and coverage go, never what drover does.
  for (const name of ['TMPDIR', 'NODE_V8_COVERAGE']) {
    const value = process.env[name]
    if (value !== undefined) env[name] = value
  }
  return env
}
