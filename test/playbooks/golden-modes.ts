/**
 * The golden-text modes: each is a set of extra ansible-playbook flags and environment, recorded
 * from ansible-playbook 2.14 into `golden/<case>.<mode>.txt` and compared with drover's output.
 */
import { join } from 'node:path'

export interface GoldenMode {
  name: string
  args: string[]
  env: Record<string, string>
  /** Cases recorded in this mode (every corpus case when absent); names under golden-cases/ are extra playbooks. */
  cases?: string[]
}

export const GOLDEN_MODES: GoldenMode[] = [
  { name: 'plain', args: [], env: { ANSIBLE_NOCOLOR: '1' } },
  { name: 'v', args: ['-v'], env: { ANSIBLE_NOCOLOR: '1' } },
  {
    name: 'color',
    args: [],
    env: { ANSIBLE_FORCE_COLOR: '1' },
    cases: ['01-command-shell.yml', '05-ignore-errors.yml', '07-loop.yml', '12-loop-failure.yml', '14-until.yml', '16-block-rescue.yml', '21-handlers.yml', '29-debug-var.yml', '42-no-log.yml', '44-delegate-localhost.yml'],
  },
  // golden/{01-command-shell,05-ignore-errors,07-loop}.vvv.txt are recorded too but not compared yet:
  // at -vvv Ansible's results carry `invocation.module_args` (every argument with its default),
  // which drover's modules do not report. Add them back here once they do.
  { name: 'vvv', args: ['-vvv'], env: { ANSIBLE_NOCOLOR: '1' }, cases: ['29-debug-var.yml', '42-no-log.yml'] },
  { name: 'diff', args: ['--diff'], env: { ANSIBLE_NOCOLOR: '1' }, cases: ['diff-files.yml'] },
  { name: 'stats', args: [], env: { ANSIBLE_NOCOLOR: '1', ANSIBLE_SHOW_CUSTOM_STATS: '1' }, cases: ['custom-stats.yml'] },
]

export function goldenFile(caseName: string, mode: string): string {
  return `${caseName.replace(/\.yml$/, '')}.${mode}.txt`
}

/**
 * Paths that differ between runs (the harness's temp dir, the checkout) become placeholders,
 * in the recording and in drover's output alike.
 */
export function placeholders(text: string, paths: { harnessDir: string; casesDir: string }): string {
  return text.split(paths.harnessDir).join('<HARNESS>').split(paths.casesDir).join('<CASES>')
}

export const GOLDEN_DIR = join(process.cwd(), 'test/playbooks/golden')
export const GOLDEN_CASES_DIR = join(process.cwd(), 'test/playbooks/golden-cases')
