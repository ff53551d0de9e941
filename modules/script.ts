import { readFileSync } from 'node:fs'
import { ModuleArgsError } from '../src/errors.js'
import { findControllerFile } from '../src/module/controller-file.js'
import { withLines } from '../src/module/command-result.js'
import { commandLine, inDirectory, quoteGlob } from '../src/module/shell.js'
import { shlexSplit } from '../src/module/shlex.js'
import type { ActionModule } from '../src/module/types.js'

export interface ScriptArgs {
  _raw_params?: string
  chdir?: string
  creates?: string
  removes?: string
  executable?: string
  decrypt: boolean
}

/**
 * One frame: the script, base64 in a here-document, goes to a private temp file that is run with
 * its arguments (each quoted: data, never shell text) and removed whatever the outcome.
 */
export function scriptFrame(content: Buffer, argv: readonly string[], options: { chdir?: string; executable?: string }): string {
  const body = content.toString('base64').replace(/(.{76})/g, '$1\n')
  const runner = options.executable !== undefined ? `${commandLine(shlexSplit(options.executable))} ` : ''
  const args = argv.length > 0 ? ` ${commandLine(argv)}` : ''
  return [
    'drover_s=$(mktemp) || exit 1',
    `base64 -d > "$drover_s" <<'DROVER_SCRIPT' &&\n${body}\nDROVER_SCRIPT\n  chmod 700 "$drover_s" || { rm -f "$drover_s"; exit 1; }`,
    `(${inDirectory(options.chdir, `${runner}"$drover_s"${args}`)})`,
    'drover_rc=$?',
    'rm -f "$drover_s"',
    'exit $drover_rc',
  ].join('\n')
}

function globExists(pattern: string): string {
  return `for f in ${quoteGlob(pattern)}; do if [ -e "$f" ] || [ -L "$f" ]; then exit 0; fi; done; exit 1`
}


export const script: ActionModule<ScriptArgs> = {
  kind: 'action',
  name: 'script',
  shortDescription: 'Runs a local script on a remote node after transferring it',
  description:
    'Sends a script from the controller (searched in the role\'s files/ and the playbook dir) to the host in the same frame that runs it, ' +
    'with the words after its path as arguments (each passed as data, not shell text), then removes it. Always changed unless ' +
    'creates/removes says not to run. In check mode it is skipped, unless creates/removes is given.',
  freeForm: { param: '_raw_params', inlineOptions: true },
  output: 'json',
  checkMode: 'partial',
  schema: {
    type: 'object',
    aliases: { cmd: '_raw_params' },
    properties: {
      _raw_params: { type: 'string', description: 'Path to the local script followed by its arguments (also: cmd, or the free-form text).' },
      chdir: { type: 'string', description: 'Change into this directory on the host before running the script.' },
      creates: { type: 'string', description: 'A filename or glob on the host; when it exists, the script is not run.' },
      removes: { type: 'string', description: 'A filename or glob on the host; when it does not exist, the script is not run.' },
      executable: { type: 'string', description: 'Name or path of the program the script is run with (e.g. /bin/bash); by default its #! line decides.' },
      decrypt: { type: 'boolean', default: true, description: 'Accepted for compatibility.' },
    },
  },
  returns: {
    rc: { type: 'int', description: 'Exit code of the script.' },
    stdout: { type: 'str', description: 'Output of the script.' },
    stderr: { type: 'str', description: 'Error output of the script.' },
    stdout_lines: { type: 'list', description: 'stdout split into lines.' },
    stderr_lines: { type: 'list', description: 'stderr split into lines.' },
  },
  examples: [
    '- name: Run a script with arguments',
    '  ansible.builtin.script: scripts/setup.sh --role web',
    '',
    '- name: Only once',
    '  ansible.builtin.script: scripts/init-db.sh',
    '  args:',
    '    creates: /var/lib/app/.initialised',
    '    chdir: /var/lib/app',
  ].join('\n'),

  async run(args, context) {
    const words = args._raw_params !== undefined ? shlexSplit(args._raw_params) : []
    const [path, ...argv] = words
    if (path === undefined) throw new ModuleArgsError('script requires the path of a local script')
    const content = readFileSync(findControllerFile(path, context))
    for (const [name, pattern, wantExists] of [['creates', args.creates, false], ['removes', args.removes, true]] as const) {
      if (pattern === undefined) continue
      const probe = await context.connection.exec(`(${inDirectory(args.chdir, globExists(pattern))})`)
      if ((probe.rc === 0) !== wantExists) return { changed: false, skipped: true, msg: `skipped, since ${pattern} ${name === 'creates' ? 'exists' : 'does not exist'}` }
    }
    if (context.check) {
      if (args.creates !== undefined || args.removes !== undefined) return { changed: true }
      return { changed: false, skipped: true, msg: 'check mode not supported for script unless creates/removes is given' }
    }
    const out = await context.connection.exec(scriptFrame(content, argv, { chdir: args.chdir, executable: args.executable }))
    const result = withLines({ changed: true, rc: out.rc, stdout: out.stdout.toString('utf8'), stderr: out.stderr.toString('utf8') })
    if (out.rc !== 0) return { ...result, failed: true, msg: 'non-zero return code' }
    return result
  },
}
