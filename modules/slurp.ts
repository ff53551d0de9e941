import { parseSections, pathFacts, pathProbe } from '../src/module/file-facts.js'
import type { PathFacts } from '../src/module/file-facts.js'
import type { StateModule } from '../src/module/types.js'

export interface SlurpArgs {
  src: string
}

export const slurp: StateModule<SlurpArgs, PathFacts> = {
  kind: 'state',
  name: 'slurp',
  shortDescription: 'Slurps a file from remote nodes',
  description: 'Returns the content of a remote file, base64-encoded (decode it with the b64decode filter). Never changes anything.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['src'],
    aliases: { path: 'src' },
    properties: {
      src: { type: 'string', description: 'The file on the remote system to fetch. This must be a file, not a directory (also: path).' },
    },
  },
  returns: {
    content: { type: 'str', description: 'Encoded file content.', returned: 'success' },
    encoding: { type: 'str', description: 'Type of encoding used for file: always base64.', returned: 'success' },
    source: { type: 'str', description: 'Actual path of file slurped.', returned: 'success' },
  },
  examples: [
    '- name: Read the pid of a daemon',
    '  ansible.builtin.slurp:',
    '    src: /var/run/sshd.pid',
    '  register: sshd_pid',
    '',
    '- ansible.builtin.debug:',
    '    msg: "{{ sshd_pid.content | b64decode }}"',
  ].join('\n'),

  async gather(args, host) {
    const out = await host.run(pathProbe('s', args.src, { content: 'always' }))
    return pathFacts(parseSections(out.stdout.toString('utf8')), 's', args.src)
  },

  plan(args, facts) {
    const st = facts.stat?.type === 'link' ? facts.target : facts.stat
    if (!facts.exists || !st) return { changed: false, failed: true, msg: `file not found: ${args.src}` }
    if (st.type === 'directory') return { changed: false, failed: true, msg: `source is a directory and must be a file: ${args.src}` }
    if (!facts.readable) return { changed: false, failed: true, msg: `file is not readable: ${args.src}` }
    const content = (facts.content ?? Buffer.alloc(0)).toString('base64')
    return { changed: false, result: { content, encoding: 'base64', source: args.src } }
  },
}
