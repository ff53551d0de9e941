import type { ControllerModule } from '../src/module/types.js'

interface DebugArgs {
  msg?: unknown
  var?: string
  verbosity: number
}

export const debug: ControllerModule<DebugArgs> = {
  kind: 'controller',
  name: 'debug',
  shortDescription: 'Print statements during execution',
  description: 'Prints a message or the value of a variable or expression; runs on the controller and never touches the host.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    mutuallyExclusive: [['msg', 'var']],
    properties: {
      msg: { description: 'The message to print (default "Hello world!").' },
      var: { type: 'string', description: 'A variable name or expression whose value is printed (no {{ }} needed).' },
      verbosity: { type: 'integer', default: 0, description: 'Only print at this -v level or above.' },
    },
  },
  returns: { msg: { type: 'str', description: 'The message, when msg was given.' } },
  examples: ['- ansible.builtin.debug:', "    msg: 'System {{ inventory_hostname }} has uuid {{ ansible_product_uuid }}'", '', '- ansible.builtin.debug:', '    var: result', '    verbosity: 2'].join('\n'),

  run(args, context) {
    if (context.verbosity < args.verbosity) return { changed: false, skipped: true, skipped_reason: 'Verbosity threshold not met.' }
    if (args.var !== undefined) {
      let value: unknown
      try {
        value = context.evaluate(args.var)
      } catch {
        value = 'VARIABLE IS NOT DEFINED!'
      }
      return { changed: false, [args.var]: value ?? 'VARIABLE IS NOT DEFINED!', _ansible_verbose_always: true }
    }
    return { changed: false, msg: args.msg === undefined ? 'Hello world!' : args.msg, _ansible_verbose_always: true }
  },
}
