/**
 * Acceptance 1: ../shared/conformance/templates.json (recorded from ansible-core 2.14.18's
 * templar, jinja2_native=True) must give exactly the recorded result for >= 97% of its cases.
 * A second, larger set recorded from the same ansible-core (fixtures/oracle-extra.json) checks both
 * result modes (native and 2.14's default string results).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Templar } from '../../../src/template/index.js'

interface Case { id: number; template: string; result?: unknown; error?: string; message?: string }

/** Cases drover deliberately answers differently, with the reason. */
const DELIBERATE: Record<string, string> = {}

const EXTRA_DELIBERATE: Record<string, string> = {
  "{{ '{1, 2}' }}": 'a Python set has no JSON form (ansible fails serialising it); drover gives the list of its items',
  "{{ '12345678901234567890' }}": 'integers beyond 2^53 would lose digits as JavaScript numbers; drover keeps the text',
  "{{ '---\\na: 1\\n---\\nb: 2' | from_yaml_all | list }}": "the yaml package accepts '---' inside a plain scalar where PyYAML raises a ScannerError",
}

function run(t: Templar, template: string, vars: Record<string, unknown>, native: boolean): { ok: true; value: unknown } | { ok: false; err: unknown } {
  try {
    return { ok: true, value: t.render(template, vars, { native }) }
  } catch (err) {
    return { ok: false, err }
  }
}

function same(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b)
    return true
  } catch {
    return false
  }
}

test('shared conformance file: >= 97% of the recorded cases match exactly', () => {
  const path = join(process.cwd(), '..', 'shared', 'conformance', 'templates.json')
  // Missing file must fail loudly: readFileSync throws ENOENT and fails the test.
  const data = JSON.parse(readFileSync(path, 'utf8')) as { vars: Record<string, unknown>; cases: Case[] }
  assert.ok(data.cases.length > 100, `expected the full case list, got ${data.cases.length}`)
  const t = new Templar()
  const failures: string[] = []
  let passed = 0
  for (const c of data.cases) {
    const r = run(t, c.template, data.vars, true)
    const ok = c.error !== undefined ? !r.ok : r.ok && same(JSON.parse(JSON.stringify(r.value)), c.result)
    if (ok) passed++
    else if (!Object.hasOwn(DELIBERATE, c.template)) {
      failures.push(`#${c.id} ${c.template}: want ${c.error ?? JSON.stringify(c.result)}, got ${r.ok ? JSON.stringify(r.value) : String(r.err)}`)
    }
  }
  const rate = passed / data.cases.length
  assert.ok(rate >= 0.97, `only ${passed}/${data.cases.length} cases match:\n${failures.join('\n')}`)
  assert.deepEqual(failures, [], 'cases failing without a listed reason')
})

for (const mode of ['native', 'string'] as const) {
  test(`extra cases recorded from ansible-core 2.14.18 (${mode} results)`, () => {
    const shared = JSON.parse(readFileSync(join(process.cwd(), '..', 'shared', 'conformance', 'templates.json'), 'utf8')) as { vars: Record<string, unknown> }
    const fx = JSON.parse(readFileSync(join(process.cwd(), 'test', 'unit', 'template', 'fixtures', 'oracle-extra.json'), 'utf8')) as {
      cases: Array<{ template: string; native: { r?: unknown; e?: string }; string: { r?: unknown; e?: string } }>
    }
    const t = new Templar()
    const failures: string[] = []
    for (const c of fx.cases) {
      if (Object.hasOwn(EXTRA_DELIBERATE, c.template)) continue
      const want = c[mode]
      const r = run(t, c.template, shared.vars, mode === 'native')
      const ok = want.e !== undefined ? !r.ok : r.ok && same(JSON.parse(JSON.stringify(r.value)), want.r)
      if (!ok) failures.push(`${c.template}: want ${want.e ?? JSON.stringify(want.r)}, got ${r.ok ? JSON.stringify(r.value) : String(r.err)}`)
    }
    assert.deepEqual(failures, [])
  })
}
