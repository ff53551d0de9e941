/** Ansible semantics: result typing, lazy variables, undefined handling, conditionals, errors with positions. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Templar, isTemplate } from '../../../src/template/index.js'

const t = new Templar()

test('native results (default): a single expression keeps its type; text is literal_eval-ed', () => {
  const vars = { port: 8080, users: ['a'], s: '42', flag: true }
  assert.equal(t.render('{{ port }}', vars), 8080)
  assert.deepEqual(t.render('{{ users }}', vars), ['a'])
  assert.equal(t.render('{{ s }}', vars), 42)
  assert.equal(t.render('{{ port }}{{ port }}', vars), 80808080)
  assert.equal(t.render('{{ port | string }}', vars), '8080') // string filters keep text
  assert.equal(t.render('p={{ port }}', vars), 'p=8080')
  assert.equal(t.render('no template here', vars), 'no template here')
})

test("string results (native: false, ansible-core 2.14's default)", () => {
  const vars = { port: 8080, users: ['a'] }
  assert.equal(t.render('{{ port }}', vars, { native: false }), 8080) // a bare variable is passed through
  assert.equal(t.render('{{ port + 1 }}', vars, { native: false }), '8081')
  assert.deepEqual(t.render('{{ users }}', vars, { native: false }), ['a'])
  assert.deepEqual(t.render("{{ '[1, true]' }}", vars, { native: false }), [1, true])
  assert.equal(t.render('{{ 1 == 1 }}', vars, { native: false }), true)
})

test('trailing newlines of the template are kept', () => {
  assert.equal(t.render('{{ x }}\n\n', { x: 'a' }), 'a\n\n')
})

test('lazy variables: templated on first use, in any definition order', () => {
  const vars = { url: 'http://{{ host }}:{{ port }}/', host: '{{ inventory_hostname }}', inventory_hostname: 'web1', port: 80, list: ['{{ port }}', 'x'] }
  assert.equal(t.render('{{ url }}', vars), 'http://web1:80/')
  assert.deepEqual(t.render('{{ list }}', vars), [80, 'x'])
  assert.equal(t.render('{{ list[0] + 1 }}', vars), 81)
})

test('lazy variables: a cycle is an error naming the cycle', () => {
  assert.throws(
    () => t.render('{{ a }}', { a: '{{ b }}', b: '{{ c }}', c: '{{ a }}' }),
    (e: unknown) => {
      const err = e as { code: string; message: string }
      assert.equal(err.code, 'E_TEMPLATE_CYCLE')
      assert.match(err.message, /a -> b -> c -> a/)
      return true
    },
  )
})

test('lazy variables: a variable whose template is undefined is itself undefined, so default still works', () => {
  const vars = { a: '{{ missing }}' }
  assert.equal(t.render("{{ a | default('d') }}", vars), 'd')
  assert.equal(t.render('{{ a is defined }}', vars), false)
  assert.throws(() => t.render('{{ a }}', vars), /'missing' is undefined/)
})

test('undefined variables: error names the variable and the task position', () => {
  assert.throws(
    () => t.render('x={{ nope }}', {}, { where: { file: 'play.yml', line: 7, col: 5 } }),
    (e: unknown) => {
      const err = e as { code: string; message: string; file: string; line: number; col: number; located: string }
      assert.equal(err.code, 'E_UNDEFINED_VAR')
      assert.equal(err.message, "'nope' is undefined")
      assert.equal(err.located, "play.yml:7:5: 'nope' is undefined")
      return true
    },
  )
  assert.throws(() => t.render('{{ d.nope }}', { d: {} }), /'dict object' has no attribute 'nope'/)
  assert.throws(() => t.render('{{ l[5] }}', { l: [] }), /'list object' has no element 5/)
})

test('undefined variables are tolerated by default, is defined, mandatory messages', () => {
  assert.equal(t.render("{{ nope.deeper.still | default('ok') }}", {}), 'ok')
  assert.equal(t.render('{{ nope is not defined }}', {}), true)
  assert.equal(t.render("{{ '' | default('x', true) }}", {}), 'x')
  assert.throws(() => t.render('{{ nope | mandatory }}', {}), /Mandatory variable 'nope'  not defined\./)
  assert.throws(() => t.render('{% if nope %}x{% endif %}', {}), /'nope' is undefined/)
  assert.throws(() => t.render('{{ [nope] }}', {}), /'nope' is undefined/)
})

test('conditionals: bare expressions, lists ANDed, booleans, templated conditions', () => {
  const vars = { x: 5, s: 'false', r: { rc: 0, failed: false }, none_var: null }
  assert.equal(t.evaluateConditional('x > 3', vars), true)
  assert.equal(t.evaluateConditional(['x > 3', 'x < 4'], vars), false)
  assert.equal(t.evaluateConditional(['x > 3', 'r is success', 'r.rc == 0'], vars), true)
  assert.equal(t.evaluateConditional(true, vars), true)
  assert.equal(t.evaluateConditional(false, vars), false)
  assert.equal(t.evaluateConditional('', vars), true)
  assert.equal(t.evaluateConditional(null, vars), true)
  assert.equal(t.evaluateConditional('s', vars), true) // a non-empty string is truthy (gotcha 1)
  assert.equal(t.evaluateConditional('s | bool', vars), false)
  assert.equal(t.evaluateConditional('{{ x > 3 }}', vars), true)
  assert.equal(t.evaluateConditional('missing is defined', vars), false)
  assert.equal(t.evaluateConditional('missing is undefined or missing', vars), true)
})

test('conditionals: an undefined variable is an error naming it and the condition', () => {
  assert.throws(
    () => t.evaluateConditional('nope == 1', {}, { where: { file: 'p.yml', line: 3 } }),
    (e: unknown) => {
      const err = e as { code: string; message: string; line: number }
      assert.equal(err.code, 'E_UNDEFINED_VAR')
      assert.equal(err.message, "The conditional check 'nope == 1' failed. The error was: error while evaluating conditional (nope == 1): 'nope' is undefined")
      assert.equal(err.line, 3)
      return true
    },
  )
})

test('renderDeep templates strings inside lists and dicts, leaves other values', () => {
  const out = t.renderDeep({ a: ['{{ x }}', 2, null], b: { c: 'v={{ x }}' }, d: true }, { x: 1 })
  assert.deepEqual(out, { a: [1, 2, null], b: { c: 'v=1' }, d: true })
})

test('isTemplate: needs a start and a matching end', () => {
  assert.equal(isTemplate('{{ x }}'), true)
  assert.equal(isTemplate('{% if x %}y{% endif %}'), true)
  assert.equal(isTemplate('plain'), false)
  assert.equal(isTemplate('a {{ b'), false)
})

test('compile cache: each distinct template is compiled once', () => {
  const local = new Templar()
  for (let i = 0; i < 50; i++) local.render('{{ x }} and {{ y }}', { x: i, y: 1 })
  local.render('{{ x }}-{{ y }}', { x: 1, y: 2 })
  assert.equal(local.cachedTemplates, 2)
  const small = new Templar({ cacheSize: 2 })
  for (const s of ['{{ a }}1', '{{ a }}2', '{{ a }}3']) small.render(s, { a: 0 })
  assert.equal(small.cachedTemplates, 2)
})
