/**
 * The only place shell command lines are built. Every piece of data that reaches a remote `sh`
 * goes through `quote`, so paths and arguments are never interpreted by the shell.
 */

/** POSIX single-quoting: safe for any byte string except NUL. */
export function quote(value: string): string {
  if (value.includes('\0')) throw new TypeError('a shell argument cannot contain a NUL byte')
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value) && !value.startsWith('-')) return value
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/**
 * Names a shell runs itself rather than as a program (dash, bash, busybox ash, ksh, zsh): run in
 * the session shell, `cd`, `exit`, `umask` and the like would act on the session. A command line
 * naming one of these keeps a frame's subshell.
 */
const SHELL_BUILTINS = new Set(
  ('. : [ alias bg bind break builtin caller cd chdir command compgen complete compopt continue declare dirs disown echo enable ' +
    'eval exec exit export false fc fg getopts hash help history jobs kill let local logout mapfile popd print printf pushd pwd ' +
    'read readarray readonly return set setopt shift shopt source suspend test times trap true type typeset ulimit umask unalias unset wait whence').split(' '),
)

export function isShellBuiltin(name: string): boolean {
  return SHELL_BUILTINS.has(name)
}

/** An argv as one shell command line: each word quoted, nothing expanded. */
export function commandLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new TypeError('an empty argv is not a command')
  return argv.map(quote).join(' ')
}

/**
 * A path pattern whose `*`, `?` and `[...]` stay live for the shell's globbing while everything
 * else (spaces, `$(…)`, quotes, backticks) is quoted data.
 */
export function quoteGlob(pattern: string): string {
  const parts = pattern.split(/(\*|\?|\[[^\]/]*\])/)
  return parts
    .map((part, index) => (index % 2 === 1 ? (part.startsWith('[') ? bracketExpression(part) : part) : part === '' ? '' : singleQuote(part)))
    .join('') || "''"
}

function singleQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

/**
 * `[…]` stays a character class while every member but letters, digits and range dashes is quoted:
 * sh matches quoted members literally, so `[$(id)]` is the four characters, never a command. A
 * leading `!` negates, as in Python's glob; `^` is a literal there, so it is quoted too.
 */
function bracketExpression(part: string): string {
  const body = part.slice(1, -1)
  const negated = body.startsWith('!') && body.length > 1
  const members = negated ? body.slice(1) : body
  const quoted = members.replace(/[^A-Za-z0-9-]+/g, (run) => singleQuote(run))
  return `[${negated ? '!' : ''}${quoted}]`
}

/** `cmd` run in `dir`; the command does not run if the directory cannot be entered. */
export function inDirectory(dir: string | undefined, command: string): string {
  return dir ? `cd ${quote(dir)} && ${command}` : command
}
