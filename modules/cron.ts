import {
  cronJobLine, envNames, findEnv, findJob, isEmpty, jobNames, parseCron, render, updateEnv, updateJob, type CronText,
} from '../src/module/crontab-edit.js'
import { hostEnv, hostProbe, parseSections, pathFacts, pathProbe, type HostEnv, type PathFacts } from '../src/module/file-facts.js'
import { quote } from '../src/module/shell.js'
import type { FileDiff, Plan, PlanOptions, StateModule, Step } from '../src/module/types.js'

export interface CronArgs {
  name: string
  user?: string
  job?: string
  cron_file?: string
  state: 'present' | 'absent'
  backup: boolean
  minute: string
  hour: string
  day: string
  month: string
  weekday: string
  special_time?: string
  disabled: boolean
  env: boolean
  insertafter?: string
  insertbefore?: string
}

export interface CronFacts {
  env: HostEnv
  /** The crontab's text, or undefined when there is none (no file, or `crontab -l` found none). */
  text?: string
  file?: PathFacts
  /** `crontab -l` failed for another reason than "no crontab". */
  readError?: string
}

export function cronFilePath(cronFile: string): string {
  return cronFile.startsWith('/') ? cronFile : `/etc/cron.d/${cronFile}`
}

/** crontab(1) acts on another user's table only with -u, which Ansible passes only for another user. */
function crontabUser(args: CronArgs, env: HostEnv): string[] {
  return args.user && args.user !== env.user ? ['-u', args.user] : []
}

export function cronProbe(args: CronArgs): string {
  if (args.cron_file) return [hostProbe(), pathProbe('c', cronFilePath(args.cron_file), { content: 'always' })].join('\n')
  // -u only for another user: decided here too, from the same `id -un` the plan sees.
  const user = args.user ? quote(args.user) : "''"
  return [
    hostProbe(),
    `if [ -n ${user} ] && [ ${user} != "$(id -un)" ]; then set -- -u ${user}; else set --; fi`,
    // The exit code goes after the text (which keeps its final newline), all in base64.
    `echo '@@cron:l'; { crontab "$@" -l 2>/dev/null; echo "@rc:$?"; } | base64`,
  ].join('\n')
}

export function cronFacts(args: CronArgs, stdout: string): CronFacts {
  const s = parseSections(stdout)
  const env = hostEnv(s)
  if (args.cron_file) {
    const file = pathFacts(s, 'c', cronFilePath(args.cron_file))
    return { env, file, text: file.content?.toString('utf8') }
  }
  const raw = Buffer.from(s.get('cron:l') ?? '', 'base64').toString('utf8')
  const at = raw.lastIndexOf('@rc:')
  const rc = at < 0 ? -1 : Number(raw.slice(at + 4).trim())
  if (rc === 0) return { env, text: raw.slice(0, at) }
  // crontab -l exits 1 when the user has no crontab.
  if (rc === 1) return { env, text: '' }
  return { env, readError: 'Unable to read crontab' }
}

function header(args: CronArgs): string {
  if (args.cron_file) return cronFilePath(args.cron_file)
  return args.user ? `crontab for user "${args.user}"` : 'crontab'
}

function argumentError(args: CronArgs): string | undefined {
  if (args.cron_file === '/etc/crontab') return 'Will not manage /etc/crontab via cron_file, see documentation.'
  if (args.special_time && [args.minute, args.hour, args.day, args.month, args.weekday].some((x) => x !== '*')) return 'You must specify time and date fields or special time.'
  if (args.state === 'present') {
    if (args.cron_file && !args.user) return 'To use cron_file=... parameter you must specify user=... as well'
    if (args.job === undefined || args.job === null) return "You must specify 'job' to install a new cron job or variable"
    if ((args.insertafter || args.insertbefore) && !args.env) return 'Insertafter and insertbefore parameters are valid only with env=yes'
  }
  if (args.env && args.name.includes(' ')) return 'Invalid name for environment variable'
  return undefined
}

/** Steps that replace the crontab with `text`: the file for cron_file, else `crontab [-u user] -` fed from an argument. */
function writeSteps(args: CronArgs, env: HostEnv, text: string): Step[] {
  if (args.cron_file) return [{ kind: 'write', path: cronFilePath(args.cron_file), content: text }]
  return [{ kind: 'exec', argv: ['sh', '-c', 'c=$1; shift; printf %s "$c" | crontab "$@" -', 'drover-cron', text, ...crontabUser(args, env)] }]
}

export function planCron(args: CronArgs, facts: CronFacts, options: PlanOptions): Plan {
  const failure = argumentError(args)
  if (failure) return { changed: false, failed: true, msg: failure }
  if (facts.readError) return { changed: false, failed: true, msg: facts.readError }
  const crontab: CronText = parseCron(facts.text ?? '', !args.cron_file)
  const original = [...crontab.lines]
  let lines = crontab.lines
  const install = args.state === 'present'
  const warnings: string[] = []
  if (args.cron_file && !/^[A-Z0-9_-]+$/i.test(args.cron_file.split('/').pop() ?? '')) {
    warnings.push(`Filename portion of cron_file ("${args.cron_file.split('/').pop()}") should consist solely of upper- and lower-case letters, digits, underscores, and hyphens`)
  }
  let changed = false
  const before = { before: crontab.existing, before_header: header(args) }
  if (args.env) {
    const decl = `${args.name}="${args.job}"`
    const old = findEnv(lines, args.name)
    if (install) {
      if (!old) {
        const other = args.insertafter ?? args.insertbefore
        if (other === undefined) lines.unshift(decl)
        else {
          const found = findEnv(lines, other)
          if (!found) return { changed: false, failed: true, msg: `Variable named '${other}' not found.` }
          lines.splice(args.insertafter !== undefined ? found[0] + 1 : found[0], 0, decl)
        }
        changed = true
      } else if (old[1] !== decl) {
        lines = updateEnv(lines, args.name, decl)
        changed = true
      }
    } else if (old) {
      lines = updateEnv(lines, args.name, undefined)
      changed = true
    }
  } else if (install) {
    if (/[\r\n]/.test(args.job!.replace(/^[\r\n]+|[\r\n]+$/g, ''))) warnings.push('Job should not contain line breaks')
    const job = cronJobLine({ ...args, job: args.job!, special: args.special_time, user: args.user }, !!args.cron_file)
    const old = findJob(lines, args.name, job)
    if (old.length === 0) {
      lines.push(`#Ansible: ${args.name}`, job)
      changed = true
    } else if (old[1] !== job || old.length > 2) {
      lines = updateJob(lines, args.name, job)
      changed = true
    }
  } else if (findJob(lines, args.name).length > 0) {
    lines = updateJob(lines, args.name, undefined)
    changed = true
    if (args.cron_file && isEmpty(lines)) {
      // An emptied cron_file is removed, and reported with its own small result.
      const exists = facts.file?.exists === true
      const diff: FileDiff = { ...before, after: '', after_header: '/dev/null' }
      const result = { cron_file: args.cron_file, state: args.state, ...(options.diff ? {} : { diff: {} }) }
      if (!exists) return { changed: false, result }
      return { changed: true, steps: [{ kind: 'exec', argv: ['rm', '-f', '--', cronFilePath(args.cron_file)] }], diff, result }
    }
  }
  // A crontab without a final newline is rewritten with one.
  if (!changed && crontab.existing !== '' && !/[\r\n]$/.test(crontab.existing)) changed = true
  const result: Record<string, unknown> = { jobs: jobNames(lines), envs: envNames(lines) }
  if (warnings.length > 0) result.warnings = warnings
  if (args.cron_file) result.cron_file = args.cron_file
  if (!changed) return { changed: false, result }
  const text = render(lines)
  const steps: Step[] = []
  if (args.backup && !options.check) {
    result.backup_file = `/tmp/crontab.drover.${facts.env.pid}.${facts.env.now}`
    steps.push({ kind: 'write', path: result.backup_file as string, content: render(original), mode: '0600' })
  }
  steps.push(...writeSteps(args, facts.env, text))
  return { changed: true, steps, diff: { ...before, after: text, after_header: header(args) }, result }
}

export const cron: StateModule<CronArgs, CronFacts> = {
  kind: 'state',
  name: 'cron',
  shortDescription: 'Manage cron.d and crontab entries',
  description:
    'Manages a job (the line after a "#Ansible: <name>" marker, as Ansible writes it, so crontabs Ansible manages stay compatible) or an environment variable ' +
    'in a user\'s crontab (read with crontab -l, installed with crontab -) or in a file under /etc/cron.d (cron_file). ' +
    'An emptied cron_file is removed.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['name'],
    aliases: { value: 'job', dom: 'day', dow: 'weekday' },
    mutuallyExclusive: [['insertafter', 'insertbefore']],
    properties: {
      name: { type: 'string', description: 'Description of the crontab entry (its "#Ansible:" marker), or with env=true the variable name.' },
      user: { type: 'string', description: 'The user whose crontab is changed (default: the remote user); with cron_file, the user field of the line.' },
      job: { type: 'string', description: 'The command to run, or with env=true the value of the variable (also: value).' },
      cron_file: { type: 'string', description: 'A file under /etc/cron.d (or an absolute path) instead of a user crontab; needs user.' },
      state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the job or variable should exist.' },
      backup: { type: 'boolean', default: false, description: 'Save the crontab as it was before the change (its path is returned as backup_file).' },
      minute: { type: 'string', default: '*', description: 'Minute when the job should run (0-59, *, */2, ...).' },
      hour: { type: 'string', default: '*', description: 'Hour when the job should run (0-23, *, */2, ...).' },
      day: { type: 'string', default: '*', description: 'Day of the month the job should run (1-31, *, */2, ...) (also: dom).' },
      month: { type: 'string', default: '*', description: 'Month of the year the job should run (1-12, *, */2, ...).' },
      weekday: { type: 'string', default: '*', description: 'Day of the week the job should run (0-6 for Sunday-Saturday, *, ...) (also: dow).' },
      special_time: { type: 'string', enum: ['reboot', 'yearly', 'annually', 'monthly', 'weekly', 'daily', 'hourly'], description: 'Special time specification nickname, instead of the time fields.' },
      disabled: { type: 'boolean', default: false, description: 'Write the job commented out.' },
      env: { type: 'boolean', default: false, description: 'Manage an environment variable (NAME="job") instead of a job.' },
      insertafter: { type: 'string', description: 'With env=true and state=present: insert the variable after this one.' },
      insertbefore: { type: 'string', description: 'With env=true and state=present: insert the variable before this one.' },
    },
  },
  returns: {
    jobs: { type: 'list', description: 'Names of the jobs in the crontab after the task.' },
    envs: { type: 'list', description: 'Names of the environment variables in the crontab after the task.' },
    cron_file: { type: 'str', description: 'The cron_file argument.', returned: 'cron_file is set' },
    backup_file: { type: 'str', description: 'Where the previous crontab was saved.', returned: 'changed and backup=yes' },
  },
  examples: [
    '- name: Run the cleanup nightly',
    '  ansible.builtin.cron:',
    '    name: cleanup',
    '    minute: "0"',
    '    hour: "3"',
    '    job: /usr/local/bin/cleanup > /dev/null',
    '',
    '- name: A system job in /etc/cron.d',
    '  ansible.builtin.cron:',
    '    name: backup',
    '    special_time: daily',
    '    user: root',
    '    job: /usr/local/bin/backup',
    '    cron_file: backup',
  ].join('\n'),

  async gather(args, host) {
    return cronFacts(args, (await host.run(cronProbe(args))).stdout.toString('utf8'))
  },

  plan(args, facts, options) {
    return planCron(args, facts, options)
  },
}
