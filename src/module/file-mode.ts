/**
 * Ansible's `mode` argument: an integer is taken as is (YAML `0644` is already 420), a string of
 * octal digits is octal, anything else is chmod's symbolic form, computed the way ansible-core's
 * `_symbolic_mode_to_octal` does (from the mode the path had before the task, umask for `+r` without
 * a user class, `X` only for directories or already executable files).
 */

export type ModeSpec = number | string

export class ModeError extends Error {}

const PERM_BITS = 0o7777
const EXEC_BITS = 0o111

/** Formats like Ansible's results: '0644', '01777'. */
export function formatMode(mode: number): string {
  return '0' + mode.toString(8).padStart(3, '0')
}

/** Whether a mode value can be resolved without knowing the path's current mode. */
export function isAbsoluteMode(mode: ModeSpec): boolean {
  return typeof mode === 'number' || /^[0-7]+$/.test(mode)
}

export function resolveMode(mode: ModeSpec, current: { mode: number; isDirectory: boolean }, umask: number): number {
  if (typeof mode === 'number') return mode
  if (/^[0-7]+$/.test(mode)) return parseInt(mode, 8)
  let result = current.mode
  for (const clause of mode.split(',')) {
    const perms = clause.split(/[+=-]/)
    const operators = clause.match(/[+=-]/g) ?? []
    let users = perms.shift() ?? ''
    const useUmask = users === ''
    if (users === 'a' || users === '') users = 'ugo'
    if (/[^ugo]/.test(users) || operators.length === 0) throw new ModeError(`bad symbolic permission for mode: ${clause}`)
    perms.forEach((permText, index) => {
      if (/[^rwxXstugo]/.test(permText)) throw new ModeError(`bad symbolic permission for mode: ${clause}`)
      for (const user of users) {
        const bits = symbolicBits(current, user as 'u' | 'g' | 'o', permText, useUmask, umask)
        result = applyOperator(user as 'u' | 'g' | 'o', operators[index]!, bits, result)
      }
    })
  }
  return result
}

function applyOperator(user: 'u' | 'g' | 'o', operator: string, bits: number, mode: number): number {
  if (operator === '+') return mode | bits
  if (operator === '-') return mode & ~bits
  const mask = { u: 0o4700, g: 0o2070, o: 0o1007 }[user]
  return (mode & (mask ^ PERM_BITS)) | bits
}

function symbolicBits(current: { mode: number; isDirectory: boolean }, user: 'u' | 'g' | 'o', perms: string, useUmask: boolean, umask: number): number {
  const prev = current.mode & PERM_BITS
  const allowed = useUmask ? umask ^ PERM_BITS : PERM_BITS
  const shift = { u: 6, g: 3, o: 0 }[user]
  const applyX = current.isDirectory || (prev & EXEC_BITS) > 0
  const copy = (from: 'u' | 'g' | 'o') => ((prev >> { u: 6, g: 3, o: 0 }[from]) & 0o7) << shift
  let bits = 0
  for (const perm of perms) {
    if (perm === 'r') bits |= allowed & (0o4 << shift)
    else if (perm === 'w') bits |= allowed & (0o2 << shift)
    else if (perm === 'x') bits |= allowed & (0o1 << shift)
    else if (perm === 'X') bits |= applyX ? 0o1 << shift : 0
    else if (perm === 's') bits |= user === 'u' ? 0o4000 : user === 'g' ? 0o2000 : 0
    else if (perm === 't') bits |= user === 'o' ? 0o1000 : 0
    else bits |= copy(perm as 'u' | 'g' | 'o')
  }
  return bits
}
