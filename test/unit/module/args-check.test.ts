import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Ajv } from 'ajv'
import { BUILTIN_MODULES } from '../../../modules/index.js'
import { compileArgsCheck } from '../../../src/module/args-check.js'
import { toJsonSchema } from '../../../src/module/registry.js'

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
}

const SAMPLES: unknown[] = ['', 'x', '0644', 0, 1, -3, 2.5, Number.NaN, Infinity, true, false, null, [], ['a'], [1], ['a', 2], {}, { a: 1 }]

test('the fast argument check accepts only what ajv accepts, with the same defaults in the same order', () => {
  const next = random(7)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!
  let accepted = 0
  for (const module of BUILTIN_MODULES) {
    const schema = toJsonSchema(module.schema)
    const check = compileArgsCheck(schema)
    if (!check) continue
    const validate = new Ajv({ useDefaults: true, allErrors: false, strict: false }).compile(schema)
    const names = Object.keys(module.schema.properties)
    for (let round = 0; round < 400; round++) {
      const args: Record<string, unknown> = {}
      for (const name of names) {
        const roll = next()
        if (roll < 0.5) continue
        const property = module.schema.properties[name]!
        if (roll < 0.7 && property.enum) args[name] = pick(property.enum)
        else if (roll < 0.8 && property.default !== undefined) args[name] = property.default
        else if (roll < 0.83) args[name] = undefined
        else args[name] = pick(SAMPLES)
      }
      if (next() < 0.1) args[pick(['bogus', '_raw_params', 'argv'])] = pick(SAMPLES)
      const fast: Record<string, unknown> | undefined = check({ ...args })
      const viaAjv = { ...args }
      const valid = validate(viaAjv)
      if (fast === undefined) continue
      accepted++
      assert.ok(valid, `${module.name}: fast check accepted ${JSON.stringify(args)}, ajv refused: ${JSON.stringify(validate.errors)}`)
      assert.deepEqual(Object.keys(fast), Object.keys(viaAjv), module.name)
      assert.deepEqual(fast, viaAjv, module.name)
    }
  }
  assert.ok(accepted > 1000, `only ${accepted} argument sets were accepted: the test proves little`)
})

test('every builtin module schema is covered by the fast check', () => {
  const uncovered = BUILTIN_MODULES.filter((m) => !compileArgsCheck(toJsonSchema(m.schema))).map((m) => m.name)
  assert.deepEqual(uncovered, [])
})

test('defaults are fresh copies, not shared between calls', () => {
  const check = compileArgsCheck({ type: 'object', properties: { o: { type: 'object', description: '', default: { a: 1 } } }, additionalProperties: false })!
  const first = check({})!
  ;(first.o as Record<string, unknown>).a = 2
  assert.deepEqual(check({}), { o: { a: 1 } })
})
