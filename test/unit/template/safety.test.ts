/** Safety: no path from a template to JavaScript internals; unsafe (host) data is never templated. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Templar, markUnsafe, isUnsafe } from '../../../src/template/index.js'

const t = new Templar()

for (const tpl of [
  "{{ ''.constructor }}",
  '{{ d.constructor }}',
  "{{ d['constructor'] }}",
  '{{ l.__proto__ }}',
  "{{ (0).constructor.constructor('return process')() }}",
  "{{ range.constructor }}",
  '{{ d.__class__ }}',
  "{{ lookup.__proto__ }}",
  "{{ loop }}{% for x in [1] %}{{ loop.constructor }}{% endfor %}",
]) {
  test(`JS internals are unreachable: ${tpl}`, () => {
    assert.throws(() => t.render(tpl, { d: {}, l: [] }), (e: unknown) => {
      const code = (e as { code?: string }).code ?? ''
      assert.match(code, /^E_(TEMPLATE|UNDEFINED)/, `unexpected error ${String(e)}`)
      return true
    })
  })
}

test('forbidden names raise a security error naming the attribute', () => {
  assert.throws(() => t.render('{{ d.constructor }}', { d: {} }), /access to attribute 'constructor' of 'dict' object is unsafe/)
})

test('a dict key that happens to be named like an internal is still plain data', () => {
  const d = JSON.parse('{"constructor": "c", "__proto__": "p"}')
  assert.equal(t.render('{{ d.constructor }}-{{ d["__proto__"] }}', { d }), 'c-p')
})

test('dict literals with a __proto__ key do not touch prototypes', () => {
  const out = t.render("{{ {'__proto__': {'polluted': 1}} }}", {}) as Record<string, unknown>
  assert.equal(({} as Record<string, unknown>).polluted, undefined)
  assert.deepEqual(Object.keys(out), ['__proto__'])
})

test('unsafe values are never templated: registered output stays literal', () => {
  const result = markUnsafe({ stdout: '{{ secret }}', stdout_lines: ['{{ secret }}'] })
  const vars = { result, secret: 'LEAK', s: markUnsafe('{{ secret }}') }
  assert.equal(t.render('{{ result.stdout }}', vars), '{{ secret }}')
  assert.deepEqual(t.render('{{ result.stdout_lines }}', vars), ['{{ secret }}'])
  assert.equal(t.render('{{ s }}', vars), '{{ secret }}')
  assert.equal(t.render(markUnsafe('{{ secret }}'), vars), '{{ secret }}')
  assert.deepEqual(t.renderDeep(result, vars), { stdout: '{{ secret }}', stdout_lines: ['{{ secret }}'] })
  assert.equal(isUnsafe(result), true)
  assert.deepEqual(Object.keys(result), ['stdout', 'stdout_lines'])
})

test('renderTracked reports results built from unsafe data; conditionals refuse them', () => {
  const vars = { out: markUnsafe({ stdout: 'x == 1' }), x: 1 }
  assert.equal(t.renderTracked('{{ out.stdout }}', vars).unsafe, true)
  assert.equal(t.renderTracked('{{ x }}', { x: '{{ 1 }}' }).unsafe, false)
  assert.throws(() => t.evaluateConditional('{{ out.stdout }}', vars), /unsafe/)
  assert.throws(() => t.evaluateConditional(markUnsafe('x == 1'), vars), /unsafe/)
})
