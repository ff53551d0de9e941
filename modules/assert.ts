import type { ControllerModule } from '../src/module/types.js'

interface AssertArgs {
  that: unknown[] | string
  fail_msg?: unknown
  success_msg?: unknown
  quiet: boolean
}

export const assert: ControllerModule<AssertArgs> = {
  kind: 'controller',
  name: 'assert',
  shortDescription: 'Asserts given expressions are true',
  description: 'Evaluates each expression in `that` (bare Jinja expressions, as in `when`); fails on the first that is false.',
  output: 'json',
  checkMode: 'full',
  schema: {
    type: 'object',
    required: ['that'],
    aliases: { msg: 'fail_msg' },
    properties: {
      that: { type: ['array', 'string'], description: 'Expressions that must all be true (a single string is one expression).' },
      fail_msg: { description: 'Message on failure (also: msg).' },
      success_msg: { description: 'Message on success.' },
      quiet: { type: 'boolean', default: false, description: 'Print less on success.' },
    },
  },
  returns: { msg: { type: 'str', description: 'The success or failure message.' }, assertion: { type: 'str', description: 'The expression that failed.' }, evaluated_to: { type: 'bool', description: 'What it evaluated to.' } },
  examples: ['- ansible.builtin.assert:', '    that:', '      - port is defined', '      - port | int > 1024', '    fail_msg: the port must be unprivileged'].join('\n'),

  run(args, context) {
    const verbose = args.quiet ? {} : { _ansible_verbose_always: true }
    // Ansible's assert takes a single expression as a one-item list (no comma splitting).
    for (const expression of Array.isArray(args.that) ? args.that : [args.that]) {
      const holds = expression === true || (typeof expression === 'string' && Boolean(context.evaluate(expression)))
      if (!holds) {
        return { changed: false, failed: true, assertion: expression, evaluated_to: false, msg: args.fail_msg ?? 'Assertion failed', ...verbose }
      }
    }
    return { changed: false, msg: args.success_msg ?? 'All assertions passed', ...verbose }
  },
}
