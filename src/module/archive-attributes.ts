/**
 * owner/group/mode on every extracted member, as Ansible's unarchive applies them (to each path the
 * archive lists, directories included; dest itself is left alone). Shell text for the unarchive
 * frame: it reads member names from "$drover_m" and dest from "$drover_dest", makes scratch files in
 * the frame's temp dir "$drover_w", sets drover_ad when
 * any member's attributes differ (read-only: a symbolic mode is tried on a scratch file of the same
 * type), and, when asked to apply, changes them. Symlinks are never followed out of dest.
 */
import { quote } from './shell.js'

export interface ArchiveAttributes {
  owner?: string
  group?: string
  mode?: string | number
}

/** A YAML number is the mode itself (0644 → 420); a string is given to chmod as written. */
export function chmodMode(mode: string | number): string {
  return typeof mode === 'number' ? `0${mode.toString(8)}` : mode
}

export function hasAttributes(attrs: ArchiveAttributes): boolean {
  return attrs.owner !== undefined || attrs.group !== undefined || attrs.mode !== undefined
}

export function archiveAttributesScript(attrs: ArchiveAttributes, apply: boolean): string {
  if (!hasAttributes(attrs)) return ''
  const lines: string[] = ['drover_ad=']
  if (attrs.owner !== undefined) {
    lines.push(`drover_uid=$(id -u -- ${quote(attrs.owner)} 2>/dev/null) || { echo ${quote(`chown failed: failed to look up user ${attrs.owner}`)} >&2; exit 1; }`)
  }
  if (attrs.group !== undefined) {
    const g = quote(attrs.group)
    lines.push(
      `drover_gid=$( { getent group -- ${g} 2>/dev/null || drover_g=${g} awk -F: '$1 == ENVIRON["drover_g"] || $3 == ENVIRON["drover_g"] { print; exit }' /etc/group; } | head -n 1 | cut -d: -f3)`,
      `[ -n "$drover_gid" ] || { echo ${quote(`chgrp failed: failed to look up group ${attrs.group}`)} >&2; exit 1; }`,
    )
  }
  const mode = attrs.mode !== undefined ? quote(chmodMode(attrs.mode)) : undefined
  if (mode) lines.push('drover_tf="$drover_w/f" && drover_td="$drover_w/d" && : > "$drover_tf" && mkdir "$drover_td" || exit 1')
  const checks: string[] = []
  if (attrs.owner !== undefined) checks.push('[ "$(stat -c %u -- "$p")" = "$drover_uid" ] || drover_ad=1')
  if (attrs.group !== undefined) checks.push('[ "$(stat -c %g -- "$p")" = "$drover_gid" ] || drover_ad=1')
  if (mode) {
    checks.push(
      '[ -L "$p" ] || { if [ -d "$p" ]; then t=$drover_td; else t=$drover_tf; fi; m=$(stat -c %a -- "$p")',
      `  chmod "$m" "$t" && chmod ${mode} "$t" 2>/dev/null || { echo ${quote(`mode must be in octal or symbolic form`)} >&2; exit 1; }`,
      '  [ "$(stat -c %a "$t")" = "$m" ] || drover_ad=1; }',
    )
  }
  const eachMember = (body: string[]) => [
    'while IFS= read -r f; do',
    '  f=${f%/}; [ -n "$f" ] || continue; p="$drover_dest/$f"',
    '  [ -e "$p" ] || [ -L "$p" ] || continue',
    ...body.map((l) => `  ${l}`),
    'done < "$drover_m"',
  ]
  lines.push(...eachMember(checks))
  if (apply) {
    const changes: string[] = []
    if (attrs.owner !== undefined) changes.push('chown -h "$drover_uid" -- "$p" || exit 1')
    if (attrs.group !== undefined) changes.push('chgrp -h "$drover_gid" -- "$p" || exit 1')
    if (mode) changes.push(`[ -L "$p" ] || chmod ${mode} -- "$p" || exit 1`)
    lines.push('if [ -n "$drover_ad" ]; then', ...eachMember(changes), 'fi')
  }
  lines.push(`if [ -n "$drover_ad" ]; then echo '@@u:attrs'; fi`)
  return lines.join('\n')
}
