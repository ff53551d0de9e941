import { getentCommand, invalidAccountName, parseGroups, readSections, section, type GroupEntry } from '../src/module/accounts.js'
import { withLines } from '../src/module/command-result.js'
import { commandLine } from '../src/module/shell.js'
import type { ActionModule } from '../src/module/types.js'

export interface GroupArgs {
  name: string
  state: 'present' | 'absent'
  gid?: number
  system: boolean
  non_unique: boolean
  local: boolean
}

export type GroupPlan = { kind: 'fail'; msg: string } | { kind: 'none' } | { kind: 'add' | 'mod' | 'del'; argv: string[] }

/** ansible-core 2.14's decision: groupadd, groupmod -g or groupdel, or nothing. Pure. */
export function planGroup(args: GroupArgs, current: GroupEntry | undefined): GroupPlan {
  const invalid = invalidAccountName(args.name, 'group')
  if (invalid) return { kind: 'fail', msg: invalid }
  if (args.local) return { kind: 'fail', msg: "drover's group module does not support local=true (libuser's lgroupadd)" }
  if (args.non_unique && args.gid === undefined) return { kind: 'fail', msg: 'non_unique is True but all of the following are missing: gid' }
  if (args.state === 'absent') return current ? { kind: 'del', argv: ['groupdel', args.name] } : { kind: 'none' }
  const gidArgs = args.gid !== undefined ? ['-g', String(args.gid), ...(args.non_unique ? ['-o'] : [])] : []
  if (!current) return { kind: 'add', argv: ['groupadd', ...gidArgs, ...(args.system ? ['-r'] : []), args.name] }
  if (args.gid !== undefined && current.gid !== args.gid) return { kind: 'mod', argv: ['groupmod', ...gidArgs, args.name] }
  return { kind: 'none' }
}

/** The registered result, from the group as it is after the change (or before, in check mode). */
export function groupResult(args: GroupArgs, plan: GroupPlan, out: { stdout: string; stderr: string } | undefined, after: GroupEntry | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = { name: args.name, state: args.state, changed: plan.kind !== 'none' && plan.kind !== 'fail' }
  if (out?.stdout) Object.assign(result, withLines({ stdout: out.stdout }))
  if (out?.stderr) Object.assign(result, withLines({ stderr: out.stderr }))
  if (after) {
    result.system = args.system
    result.gid = after.gid
  }
  return result
}

const SBIN = 'PATH="$PATH:/usr/sbin:/sbin"'

async function lookup(run: (script: string) => Promise<string>, name: string): Promise<GroupEntry | undefined> {
  return parseGroups(readSections(await run(section('group', getentCommand('group', name)))).get('group') ?? '')[0]
}

export const group: ActionModule<GroupArgs> = {
  kind: 'action',
  name: 'group',
  shortDescription: 'Add or remove groups',
  description:
    'Creates, changes the gid of, and removes local groups with groupadd, groupmod and groupdel, as ansible-core does on Linux. ' +
    'The group is looked up with getent. Check mode changes nothing.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'The group name.' },
      state: { type: 'string', default: 'present', enum: ['present', 'absent'], description: 'present: the group exists; absent: it does not.' },
      gid: { type: 'integer', description: 'The group id (changed with groupmod if the group exists with another one).' },
      system: { type: 'boolean', default: false, description: 'Create a system group (groupadd -r); only affects new groups.' },
      non_unique: { type: 'boolean', default: false, description: 'With gid, allow a gid another group already has (-o).' },
      local: { type: 'boolean', default: false, description: 'Not supported (libuser).' },
    },
  },
  returns: {
    name: { type: 'str', description: 'The group name.' },
    state: { type: 'str', description: 'The requested state.' },
    gid: { type: 'int', description: 'The group id.', returned: 'the group exists' },
    system: { type: 'bool', description: 'The system argument.', returned: 'the group exists' },
    stdout: { type: 'str', description: "The command's output.", returned: 'when not empty' },
    stderr: { type: 'str', description: "The command's error output.", returned: 'when not empty' },
  },
  examples: ['- name: A group with a fixed gid', '  ansible.builtin.group:', '    name: deployers', '    gid: 1500'].join('\n'),

  async run(args, context) {
    const read = async (script: string) => (await context.connection.exec(script)).stdout.toString('utf8')
    const before = await lookup(read, args.name)
    const plan = planGroup(args, before)
    if (plan.kind === 'fail') return { failed: true, changed: false, msg: plan.msg }
    if (plan.kind === 'none') return groupResult(args, plan, undefined, before)
    if (context.check) return plan.kind === 'mod' ? groupResult(args, plan, undefined, before) : { changed: true }
    const out = await context.connection.exec(`${SBIN}\n${commandLine(plan.argv)}`)
    const text = { stdout: out.stdout.toString('utf8'), stderr: out.stderr.toString('utf8') }
    if (out.rc !== 0) return { name: args.name, failed: true, changed: false, msg: text.stderr }
    return groupResult(args, plan, text, await lookup(read, args.name))
  },
}
