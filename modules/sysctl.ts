import { parseSections } from '../src/module/file-facts.js'
import { quote } from '../src/module/shell.js'
import type { Plan, StateModule, Step } from '../src/module/types.js'

export interface SysctlArgs {
  name: string
  value?: string
  state: 'present' | 'absent'
  reload: boolean
  sysctl_set: boolean
  ignoreerrors: boolean
  sysctl_file: string
}

export interface SysctlFacts {
  /** `sysctl -e -n name` output, or undefined when it failed (no such key). */
  current?: string
  /** The file's text, or undefined when it is not a file. */
  file?: string
}

const TRUE = ['y', 'yes', 'on', '1', 'true', 't']
const FALSE = ['n', 'no', 'off', '0', 'false', 'f']

/** As the posix sysctl module normalises `value`: booleans become 1/0, the rest is stripped. */
export function sysctlValue(value: string | undefined): string {
  if (value === undefined) return ''
  if (TRUE.includes(value.toLowerCase())) return '1'
  if (FALSE.includes(value.toLowerCase())) return '0'
  return value.trim()
}

/** Whitespace-separated words equal, in order (the module's _values_is_equal). */
function sameWords(a: string | undefined, b: string): boolean {
  if (a === undefined) return false
  const x = a.split(/\s+/).filter(Boolean)
  const y = b.split(/\s+/).filter(Boolean)
  return x.length === y.length && x.every((w, i) => w === y[i])
}

/** read_sysctl_file + fix_lines: the file rewritten with `key=value` lines, the key set or dropped. */
export function sysctlFile(text: string, name: string, value: string, state: 'present' | 'absent'): { current?: string; lines: string[] } {
  const rawLines = (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).map((l) => l.trim())
  const values = new Map<string, string>()
  for (const line of rawLines) {
    if (!line || line.startsWith('#') || line.startsWith(';') || !line.includes('=')) continue
    const eq = line.indexOf('=')
    values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim())
  }
  const checked = new Set<string>()
  const lines: string[] = []
  for (const line of rawLines) {
    if (!line.trim() || line.trim().startsWith('#') || line.trim().startsWith(';') || !line.includes('=')) {
      lines.push(line)
      continue
    }
    const eq = line.indexOf('=')
    const k = line.slice(0, eq).trim()
    const v = line.slice(eq + 1).trim()
    if (checked.has(k)) continue
    checked.add(k)
    if (k !== name) lines.push(`${k}=${v}`)
    else if (state === 'present') lines.push(`${k}=${value}`)
  }
  if (!checked.has(name) && state === 'present') lines.push(`${name}=${value}`)
  return { current: values.get(name), lines }
}

export function planSysctl(args: SysctlArgs, facts: SysctlFacts): Plan {
  const name = args.name.trim()
  if (name === '') return { changed: false, failed: true, msg: 'name cannot be blank' }
  if (args.state === 'present' && args.value === undefined) return { changed: false, failed: true, msg: 'state is present but all of the following are missing: value' }
  const value = sysctlValue(args.value)
  if (args.state === 'present' && value === '') return { changed: false, failed: true, msg: 'value cannot be blank' }
  const before = facts.file ?? ''
  const { current: fileValue, lines } = sysctlFile(before, name, value, args.state)
  let changed = false
  let writeFile = false
  let setProc = false
  if (fileValue === undefined) {
    if (args.state === 'present') changed = writeFile = true
  } else if (fileValue && args.state === 'absent') changed = writeFile = true
  else if (fileValue !== value) changed = writeFile = true
  else if (args.reload && !sameWords(facts.current, value)) changed = true
  if (args.sysctl_set && args.state === 'present' && !sameWords(facts.current, value)) {
    changed = true
    if (facts.current !== undefined) setProc = true
  }
  if (!changed) return { changed: false }
  const env = ['env', 'LANG=C', 'LC_ALL=C', 'LC_MESSAGES=C']
  const steps: Step[] = []
  if (setProc) steps.push({ kind: 'exec', argv: [...env, 'sysctl', ...(args.ignoreerrors ? ['-e'] : []), '-w', '--', `${name}=${value}`] })
  const after = lines.map((l) => `${l.trim()}\n`).join('')
  if (writeFile) steps.push({ kind: 'write', path: args.sysctl_file, content: after })
  if (args.reload) steps.push({ kind: 'exec', argv: [...env, 'sysctl', ...(args.ignoreerrors ? ['-e'] : []), '-p', '--', args.sysctl_file] })
  return { changed: true, steps, diff: writeFile ? { before, after, before_header: args.sysctl_file, after_header: args.sysctl_file } : undefined }
}

export const sysctl: StateModule<SysctlArgs, SysctlFacts> = {
  kind: 'state',
  name: 'sysctl',
  collection: 'ansible.posix',
  shortDescription: 'Manages entries in sysctl.conf',
  description:
    'ansible.posix.sysctl: sets (or removes) a key in sysctl_file and, with reload, applies the file with sysctl -p; with sysctl_set the ' +
    'running value is also set with sysctl -w when it differs. The file is rewritten as the module does (one `key=value` per key).',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    aliases: { key: 'name', val: 'value' },
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'The dot-separated key (alias key).' },
      value: { type: 'string', description: 'Its value (alias val); yes/no become 1/0. Required for state=present.' },
      state: { type: 'string', default: 'present', enum: ['present', 'absent'], description: 'Whether the entry is in the file.' },
      reload: { type: 'boolean', default: true, description: 'Apply the file with sysctl -p when something changed.' },
      sysctl_set: { type: 'boolean', default: false, description: 'Also set the running value with sysctl -w when it differs.' },
      ignoreerrors: { type: 'boolean', default: false, description: 'sysctl -e: ignore unknown keys.' },
      sysctl_file: { type: 'string', default: '/etc/sysctl.conf', description: 'The file to edit.' },
    },
  },
  returns: {},
  examples: ['- name: Allow more shared memory', '  ansible.posix.sysctl:', '    name: kernel.shmmax', '    value: "68719476736"', '    sysctl_file: /etc/sysctl.d/60-shm.conf'].join('\n'),

  async gather(args, host) {
    const name = quote(args.name.trim())
    const path = quote(args.sysctl_file)
    const script = [
      'PATH="$PATH:/sbin:/usr/sbin"',
      `echo @@s:current; drover_v=$(LANG=C LC_ALL=C sysctl -e -n -- ${name} 2>/dev/null) && { echo yes; printf '%s\\n' "$drover_v"; }`,
      `echo @@s:file; [ -f ${path} ] && { echo yes; base64 < ${path}; }`,
      'echo @@s:end',
    ].join('\n')
    const s = parseSections((await host.run(script)).stdout.toString('utf8'))
    const body = (k: string) => {
      const text = s.get(`s:${k}`) ?? ''
      return text.startsWith('yes\n') || text === 'yes' ? text.slice(4) : undefined
    }
    const file = body('file')
    return { current: body('current'), file: file === undefined ? undefined : Buffer.from(file, 'base64').toString('utf8') }
  },

  plan(args, facts) {
    return planSysctl(args, facts)
  },
}
