/**
 * fstab editing as ansible.posix.mount does it on Linux, as pure text functions: an entry is found
 * by its mount point (fields escaped as fstab escapes them: space \040, & \046, backslash \134);
 * a changed entry is rewritten `src name fstype opts dump passno`, a new one appended, and every
 * other line (comments, blanks, lines without 4 to 6 fields) kept as it was.
 */
export interface FstabEntry {
  name: string
  src?: string
  fstype?: string
  opts: string
  dump: string
  passno: string
}

export function escapeFstab(value: string): string {
  return value.replace(/\\/g, '\\134').replace(/ /g, '\\040').replace(/&/g, '\\046')
}

/** readlines(): lines with their newline. */
function readLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

function skipped(line: string): boolean {
  return !line.trim() || line.trim().startsWith('#')
}

/** A swap entry's mount point is 'none': then the source tells entries apart. */
function otherEntry(fields: Record<string, string | undefined>, name: string, src: string | undefined): boolean {
  return fields.name !== name || (src !== undefined && fields.name === 'none' && fields.fstype === 'swap' && fields.src !== src)
}

/** _set_mount_save_old: the new text and whether it changed. */
export function setMount(text: string, entry: FstabEntry): { text: string; changed: boolean } {
  const e = {
    name: escapeFstab(entry.name),
    src: escapeFstab(entry.src ?? ''),
    fstype: escapeFstab(entry.fstype ?? ''),
    opts: escapeFstab(entry.opts),
    dump: escapeFstab(entry.dump),
    passno: escapeFstab(entry.passno),
  }
  const out: string[] = []
  let exists = false
  let changed = false
  const format = (d: Record<string, string | undefined>) => `${d.src} ${d.name} ${d.fstype} ${d.opts} ${d.dump} ${d.passno}\n`
  for (const raw of readLines(text)) {
    const line = raw.endsWith('\n') ? raw : `${raw}\n`
    const fields = line.split(/\s+/).filter((f) => f !== '')
    if (skipped(line) || fields.length < 4 || fields.length > 6) {
      out.push(line)
      continue
    }
    const [src, name, fstype, opts, dump, passno] = fields
    // Missing dump/passno are Python ints (0) in Ansible: never equal to the string given, so the line is rewritten.
    const ld: Record<string, string | undefined> = { src, name, fstype, opts, dump: dump ?? '\0', passno: passno ?? '\0' }
    if (otherEntry(ld, e.name, entry.src)) {
      out.push(line)
      continue
    }
    exists = true
    let lineChanged = false
    for (const key of ['src', 'fstype', 'opts', 'dump', 'passno'] as const) {
      if (ld[key] !== e[key]) {
        ld[key] = e[key]
        lineChanged = true
      }
    }
    changed ||= lineChanged
    // As Ansible: once one entry changed, later matching entries are rewritten too.
    out.push(changed ? format(ld) : line)
  }
  if (!exists) {
    out.push(format(e))
    changed = true
  }
  return { text: out.join(''), changed }
}

/** unset_mount: every 6-field entry for the mount point removed. */
export function unsetMount(text: string, name: string, src?: string): { text: string; changed: boolean } {
  const escaped = escapeFstab(name)
  const out: string[] = []
  let changed = false
  for (const line of readLines(text)) {
    const fields = line.split(/\s+/).filter((f) => f !== '')
    if (skipped(line) || fields.length !== 6) {
      out.push(line)
      continue
    }
    const [s, n, fstype] = fields
    if (otherEntry({ src: s, name: n, fstype }, escaped, src)) out.push(line)
    else changed = true
  }
  return { text: out.join(''), changed }
}
