/** Ansible 2.14's play and task keywords (reference §3.1, §3.2). */
export const PLAY_KEYWORDS = new Set(
  'any_errors_fatal become become_exe become_flags become_method become_user check_mode collections connection debugger diff environment fact_path force_handlers gather_facts gather_subset gather_timeout handlers hosts ignore_errors ignore_unreachable max_fail_percentage module_defaults name no_log order port post_tasks pre_tasks remote_user roles run_once serial strategy tags tasks throttle timeout vars vars_files vars_prompt'.split(' '),
)

export const TASK_KEYWORDS = new Set(
  'action any_errors_fatal args async become become_exe become_flags become_method become_user changed_when check_mode collections connection debugger delay delegate_facts delegate_to diff environment failed_when ignore_errors ignore_unreachable local_action loop loop_control module_defaults name no_log notify poll port register remote_user retries run_once tags throttle timeout until vars when listen'.split(' '),
)

export const BLOCK_KEYWORDS = new Set(
  'block rescue always any_errors_fatal become become_exe become_flags become_method become_user check_mode collections connection debugger delegate_facts delegate_to diff environment ignore_errors ignore_unreachable module_defaults name no_log notify port remote_user run_once tags throttle timeout vars when'.split(' '),
)

/** The closest keyword by edit distance, for "did you mean" hints. */
export function closestKeyword(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  let bestShared = -1
  for (const candidate of candidates) {
    const d = editDistance(word, candidate)
    // On a tie, the candidate sharing more letters wins: 'taks' is 'tasks', not 'tags'.
    const shared = sharedLetters(word, candidate)
    if (d < bestDistance || (d === bestDistance && shared > bestShared)) {
      best = candidate
      bestDistance = d
      bestShared = shared
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]!
}

function sharedLetters(a: string, b: string): number {
  const pool = [...b]
  let count = 0
  for (const ch of a) {
    const i = pool.indexOf(ch)
    if (i >= 0) {
      pool.splice(i, 1)
      count++
    }
  }
  return count
}
