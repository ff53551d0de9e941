/**
 * The benchmark's converge playbook: the 12 tasks of a typical real run (directories, a copied
 * config, lineinfile ×2, a template, command with creates, a registered command with
 * changed_when: false, stat + assert, a symlink, debug). One file, run by both tools.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const TASKS = [
  `- name: app directory
  file:
    path: "{{ harness_scratch }}/app{{ suffix }}"
    state: directory
    mode: "0755"`,
  `- name: config directory
  file:
    path: "{{ harness_scratch }}/app{{ suffix }}/conf"
    state: directory`,
  `- name: base config
  copy:
    dest: "{{ harness_scratch }}/app{{ suffix }}/conf/app.conf"
    content: |
      # managed
      listen = 8080
      workers = 2
    mode: "0644"`,
  `- name: set workers
  lineinfile:
    path: "{{ harness_scratch }}/app{{ suffix }}/conf/local.conf"
    regexp: '^workers ='
    line: 'workers = 4'
    create: true`,
  `- name: add log level
  lineinfile:
    path: "{{ harness_scratch }}/app{{ suffix }}/conf/local.conf"
    line: 'log_level = info'`,
  `- name: render motd
  template:
    src: motd.j2
    dest: "{{ harness_scratch }}/app{{ suffix }}/motd"`,
  `- name: initialise once
  command: touch "{{ harness_scratch }}/app{{ suffix }}/.initialised"
  args:
    creates: "{{ harness_scratch }}/app{{ suffix }}/.initialised"`,
  `- name: read version
  command: cat "{{ harness_scratch }}/app{{ suffix }}/conf/app.conf"
  register: conf
  changed_when: false`,
  `- name: stat config
  stat:
    path: "{{ harness_scratch }}/app{{ suffix }}/conf/app.conf"
  register: conf_stat`,
  `- name: config is in place
  assert:
    that:
      - conf_stat.stat.exists
      - "'listen = 8080' in conf.stdout"`,
  `- name: current link
  file:
    src: "{{ harness_scratch }}/app{{ suffix }}/conf"
    dest: "{{ harness_scratch }}/app{{ suffix }}/current"
    state: link`,
  `- name: report
  debug:
    msg: "{{ inventory_hostname }} converged"`,
]

export const MOTD_TEMPLATE = `Welcome to {{ inventory_hostname }}
{% for n in range(3) %}
line {{ n }}: {{ harness_scratch | basename }}
{% endfor %}
`

export interface ConvergeOptions {
  /** The host variable naming the directory the playbook works in (default harness_scratch). */
  rootVar?: string
  /**
   * Whether rendered content names the host (default true). The scale simulator replays one
   * host's replies to all, so there every host must be sent the same commands.
   */
  hostSpecific?: boolean
}

/** Writes the playbook (M tasks: the 12 above, repeated with a suffix) and its template; returns the playbook path. */
export function writeConvergePlaybook(dir: string, tasks = TASKS.length, options: ConvergeOptions = {}): string {
  const rootVar = options.rootVar ?? 'harness_scratch'
  const retarget = (text: string) => text.replace(/harness_scratch/g, rootVar)
  mkdirSync(join(dir, 'templates'), { recursive: true })
  const template = options.hostSpecific === false ? MOTD_TEMPLATE.replace('inventory_hostname', "'every host'") : MOTD_TEMPLATE
  writeFileSync(join(dir, 'templates', 'motd.j2'), retarget(template))
  const body: string[] = []
  for (let i = 0; i < tasks; i++) {
    const round = Math.floor(i / TASKS.length)
    const suffix = round === 0 ? '' : `-${round}`
    body.push(
      retarget(TASKS[i % TASKS.length]!)
        .replace(/\{\{ suffix \}\}/g, suffix)
        .replace(/^- name: (.*)$/m, (_, name: string) => `- name: ${name}${suffix}`)
        .replace(/register: (\w+)/, (_, v: string) => `register: ${v}`)
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n'),
    )
  }
  const playbook = join(dir, 'converge.yml')
  writeFileSync(playbook, `- name: converge\n  hosts: all\n  gather_facts: false\n  tasks:\n${body.join('\n')}\n`)
  return playbook
}

export const CONVERGE_TASKS = TASKS.length
