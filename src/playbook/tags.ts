/**
 * Which tasks `--tags` / `--skip-tags` select, with Ansible's special tags: `always` runs unless
 * skipped by name, `never` only when asked for, `tagged`/`untagged`/`all` select by having tags.
 * Skip beats run. The same rule serves the executor and `--list-tasks`.
 */
export function selectedByTags(taskTags: string[], requested: string[], skipTags: string[]): boolean {
  // No --tags means `all`, which still leaves out `never` tasks.
  const runTags = requested.length ? requested : ['all']
  // Ansible gives an untagged task the single tag 'untagged' so that set tests work uniformly.
  const tags = new Set(taskTags.length ? taskTags : ['untagged'])
  const untagged = taskTags.length === 0
  const any = (wanted: string[]) => wanted.some((t) => tags.has(t))
  let run =
    tags.has('always') ||
    (runTags.includes('all') && !tags.has('never')) ||
    any(runTags) ||
    (runTags.includes('tagged') && !untagged && !tags.has('never'))
  if (run && skipTags.length) {
    if (skipTags.includes('all')) {
      if (!tags.has('always') || skipTags.includes('always')) run = false
    } else if (any(skipTags)) {
      run = false
    } else if (skipTags.includes('tagged') && !untagged) {
      run = false
    }
  }
  return run
}

/** `-t a,b -t c` into ['a','b','c']; ansible-playbook's default run tags are `all`. */
export function parseTagOption(values: string[] | string | undefined, fallback: string[] = []): string[] {
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values]
  const tags = list.flatMap((v) => v.split(',')).map((t) => t.trim()).filter(Boolean)
  return tags.length ? [...new Set(tags)] : fallback
}
