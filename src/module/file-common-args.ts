/**
 * Arguments every file-writing module shares (Ansible's add_file_common_args). `mode` has no
 * schema type on purpose: the registry would turn '0644' into the number 644, while Ansible
 * reads a string as octal and a YAML number as the mode itself.
 */
import type { PropertySchema } from './types.js'

export const FILE_COMMON_PROPERTIES: Record<string, PropertySchema> = {
  mode: {
    description:
      "The permissions the resulting filesystem object should have: an octal string ('0644'), a number as YAML gives it (0644), or a symbolic mode ('u=rw,g=r,o=r', 'u+x').",
  },
  owner: { type: 'string', description: 'Name (or uid) of the user that should own the filesystem object, as would be fed to chown.' },
  group: { type: 'string', description: 'Name (or gid) of the group that should own the filesystem object, as would be fed to chown.' },
  unsafe_writes: { type: 'boolean', default: false, description: 'Accepted for compatibility; drover always writes a temp file and renames it.' },
  attributes: { type: 'string', description: 'Not supported by drover (needs chattr); setting it fails the task.' },
  seuser: { type: 'string', description: 'Not supported by drover (SELinux); setting it fails the task.' },
  serole: { type: 'string', description: 'Not supported by drover (SELinux); setting it fails the task.' },
  setype: { type: 'string', description: 'Not supported by drover (SELinux); setting it fails the task.' },
  selevel: { type: 'string', description: 'Not supported by drover (SELinux); setting it fails the task.' },
}

export const FILE_COMMON_ALIASES: Record<string, string> = { attr: 'attributes' }

/** The message for common arguments drover cannot honour without tools beyond coreutils. */
export function unsupportedCommonArg(args: Record<string, unknown>): string | undefined {
  for (const key of ['attributes', 'seuser', 'serole', 'setype', 'selevel']) {
    if (args[key] !== undefined && args[key] !== null) return `drover does not support the '${key}' argument (it needs tools beyond POSIX sh and coreutils)`
  }
  const mode = args.mode
  if (mode !== undefined && mode !== null && typeof mode !== 'string' && typeof mode !== 'number') return 'argument mode must be a string or a number'
  return undefined
}
