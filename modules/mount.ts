import { backupName } from '../src/module/content-write.js'
import { hostEnv, hostProbe, parseSections, pathFacts, pathProbe, type HostEnv, type PathFacts } from '../src/module/file-facts.js'
import { setMount, unsetMount } from '../src/module/fstab-edit.js'
import { dirnameOf } from '../src/module/paths.js'
import { quote } from '../src/module/shell.js'
import type { Plan, PlanOptions, StateModule, Step } from '../src/module/types.js'

type MountState = 'mounted' | 'unmounted' | 'present' | 'absent' | 'absent_from_fstab' | 'remounted' | 'ephemeral'

export interface MountArgs {
  path: string
  src?: string
  fstype?: string
  opts?: string
  dump: string
  passno: string
  fstab?: string
  boot: boolean
  backup: boolean
  state: MountState
}

export interface MountFacts {
  env: HostEnv
  fstab: PathFacts
  path: PathFacts
  /** What is mounted on path now (from /proc/self/mountinfo), if anything. */
  mounted?: { fstype: string; src: string }
}

/** How /proc/self/mountinfo writes a path: space, tab, newline and backslash as octal escapes. */
export function mountinfoEscape(path: string): string {
  return path.replace(/\\/g, '\\134').replace(/ /g, '\\040').replace(/\t/g, '\\011').replace(/\n/g, '\\012')
}

export function mountProbe(args: MountArgs): string {
  return [
    hostProbe(),
    pathProbe('f', args.fstab ?? '/etc/fstab', { content: 'always' }),
    pathProbe('p', args.path),
    // The last record for the mount point wins, as in Ansible's dict of mounts; fs and source are the 3rd and 2nd last fields.
    `echo '@@m:mounted'; drover_m=${quote(mountinfoEscape(args.path))} awk '$5 == ENVIRON["drover_m"] { r = $(NF-2) " " $(NF-1) } END { if (r != "") print r }' /proc/self/mountinfo 2>/dev/null`,
  ].join('\n')
}

export function mountFacts(args: MountArgs, stdout: string): MountFacts {
  const s = parseSections(stdout)
  const [fstype, src] = (s.get('m:mounted') ?? '').trim().split(' ')
  return {
    env: hostEnv(s),
    fstab: pathFacts(s, 'f', args.fstab ?? '/etc/fstab'),
    path: pathFacts(s, 'p', args.path),
    ...(fstype && src ? { mounted: { fstype, src } } : {}),
  }
}

/** The arguments as Ansible's module returns them (and uses them): defaults, and noauto for boot=false. */
function effectiveArgs(args: MountArgs) {
  let opts = args.opts ?? 'defaults'
  const warnings: string[] = []
  let boot = 'yes'
  const list = opts.split(',')
  if (list.includes('noauto')) warnings.push("Ignore the 'boot' due to 'opts' contains 'noauto'.")
  else if (!args.boot) {
    boot = 'no'
    if (list.includes('defaults')) warnings.push("Ignore the 'boot' due to 'opts' contains 'defaults'.")
    else opts = [...list, 'noauto'].join(',')
  }
  const result: Record<string, unknown> = { name: args.path, opts, dump: args.dump, passno: args.passno, fstab: args.fstab ?? '/etc/fstab', boot, backup_file: '' }
  if (args.src !== undefined) result.src = args.src
  if (args.fstype !== undefined) result.fstype = args.fstype
  if (warnings.length > 0) result.warnings = warnings
  return { opts, result }
}

export function planMount(args: MountArgs, facts: MountFacts, options: PlanOptions): Plan {
  const { opts, result } = effectiveArgs(args)
  const fstabPath = args.fstab ?? '/etc/fstab'
  const fail = (msg: string): Plan => ({ changed: false, failed: true, msg, result })
  if (['mounted', 'present', 'ephemeral'].includes(args.state) && (args.src === undefined || args.fstype === undefined)) {
    return ({ changed: false, failed: true, msg: `state is ${args.state} but all of the following are missing: ${['src', 'fstype'].filter((k) => args[k as 'src' | 'fstype'] === undefined).join(', ')}` })
  }
  const fstabArgs = args.fstab !== undefined && args.fstab !== '/etc/fstab' ? ['-T', args.fstab] : []
  const current = facts.fstab.content?.toString('utf8') ?? ''
  const steps: Step[] = []
  let changed = false
  const writeFstab = (text: string) => {
    if (args.backup && facts.fstab.exists) {
      result.backup_file = backupName(fstabPath, facts.env)
      steps.push({ kind: 'exec', argv: ['cp', '-p', '--', fstabPath, result.backup_file as string] })
    }
    if (!facts.fstab.exists) steps.push({ kind: 'exec', argv: ['mkdir', '-p', '--', dirnameOf(fstabPath)] })
    steps.push({ kind: 'write', path: fstabPath, content: text })
  }
  const entry = { name: args.path, src: args.src, fstype: args.fstype, opts, dump: args.dump, passno: args.passno }
  switch (args.state) {
    case 'present': {
      const edit = setMount(current, entry)
      if (edit.changed) writeFstab(edit.text)
      changed = edit.changed
      break
    }
    case 'absent_from_fstab':
    case 'absent': {
      const edit = unsetMount(current, args.path, args.src)
      if (edit.changed) {
        writeFstab(edit.text)
        if (args.state === 'absent') {
          if (facts.mounted) steps.push({ kind: 'exec', argv: ['umount', '--', args.path] })
          if (facts.path.exists) steps.push({ kind: 'exec', argv: ['rmdir', '--', args.path] })
        }
      }
      changed = edit.changed
      break
    }
    case 'unmounted':
      if (facts.mounted) steps.push({ kind: 'exec', argv: ['umount', '--', args.path] })
      changed = !!facts.mounted
      break
    case 'remounted':
      steps.push({ kind: 'exec', argv: ['mount', '-o', opts !== 'defaults' ? `remount,${opts}` : 'remount', ...fstabArgs, '--', args.path] })
      changed = true
      break
    case 'mounted':
    case 'ephemeral': {
      if (!facts.path.exists) steps.push({ kind: 'exec', argv: ['mkdir', '-p', '--', args.path] })
      const ephemeral = args.state === 'ephemeral'
      const edit = ephemeral ? { changed: false, text: current } : setMount(current, entry)
      if (edit.changed) writeFstab(edit.text)
      changed = edit.changed
      // Options before `--`, then the positional source and mount point: neither can pass for an option.
      const mountOptions = ephemeral ? ['-t', args.fstype!, ...(opts !== 'defaults' ? ['-o', opts] : [])] : fstabArgs
      const positional = ephemeral ? [args.src!, args.path] : [args.path]
      if (facts.mounted) {
        if (ephemeral && facts.mounted.src !== args.src) {
          return fail('Ephemeral mount point is already mounted with a different source than the specified one. Failing in order to prevent an unwanted unmount or override operation. Try replacing this command with a "state: unmounted" followed by a "state: ephemeral", or use a different destination path.')
        }
        if (changed || ephemeral) {
          steps.push({ kind: 'exec', argv: ['mount', '-o', 'remount', ...mountOptions, '--', ...positional] })
          changed = true
        }
      } else {
        steps.push({ kind: 'exec', argv: ['mount', ...mountOptions, '--', ...positional] })
        changed = true
      }
      break
    }
  }
  if (!changed) return { changed: false, result }
  if (options.check) result.backup_file = ''
  return { changed: true, steps, result }
}

export const mount: StateModule<MountArgs, MountFacts> = {
  kind: 'state',
  name: 'mount',
  collection: 'ansible.posix',
  shortDescription: 'Control active and configured mount points',
  description:
    'Manages fstab entries (ansible.posix.mount) and mounts: present/absent_from_fstab only edit fstab; mounted also creates the mount point and mounts it ' +
    '(remounting when the entry changed); unmounted unmounts; absent removes the entry, unmounts and removes the mount point; remounted remounts; ' +
    'ephemeral mounts without touching fstab. Whether a path is mounted is read from /proc/self/mountinfo.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['path', 'state'],
    aliases: { name: 'path' },
    properties: {
      path: { type: 'string', description: 'Path to the mount point (also: name).' },
      src: { type: 'string', description: 'Device (or NFS volume, or tmpfs...) to be mounted; required for mounted, present and ephemeral.' },
      fstype: { type: 'string', description: 'Filesystem type; required for mounted, present and ephemeral.' },
      opts: { type: 'string', description: 'Mount options (default: defaults).' },
      dump: { type: 'string', default: '0', description: 'The fstab dump field.' },
      passno: { type: 'string', default: '0', description: 'The fstab passno field.' },
      fstab: { type: 'string', description: 'Another file than /etc/fstab (given to mount with -T).' },
      boot: { type: 'boolean', default: true, description: 'With false, noauto is added to opts (unless opts holds defaults).' },
      backup: { type: 'boolean', default: false, description: 'Back up the fstab file before changing it (path.PID.DATE~).' },
      state: { type: 'string', enum: ['mounted', 'unmounted', 'present', 'absent', 'absent_from_fstab', 'remounted', 'ephemeral'], description: 'What should be true of the mount point.' },
    },
  },
  returns: {
    name: { type: 'str', description: 'The mount point.' },
    src: { type: 'str', description: 'The source, when given.' },
    fstype: { type: 'str', description: 'The filesystem type, when given.' },
    opts: { type: 'str', description: 'The options written to fstab.' },
    fstab: { type: 'str', description: 'The fstab file.' },
    backup_file: { type: 'str', description: 'The backup of fstab, or an empty string.' },
  },
  examples: [
    '- name: A tmpfs for the app cache',
    '  ansible.posix.mount:',
    '    path: /srv/cache',
    '    src: tmpfs',
    '    fstype: tmpfs',
    '    opts: size=64m,mode=0755',
    '    state: mounted',
    '',
    '- name: Only the fstab line, no mounting',
    '  ansible.posix.mount:',
    '    path: /mnt/backup',
    '    src: UUID=1234-ABCD',
    '    fstype: vfat',
    '    state: present',
  ].join('\n'),

  async gather(args, host) {
    return mountFacts(args, (await host.run(mountProbe(args))).stdout.toString('utf8'))
  },

  plan(args, facts, options) {
    return planMount(args, facts, options)
  },
}
