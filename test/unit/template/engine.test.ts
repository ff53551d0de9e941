/** Lexer, parser and evaluator edge cases: Jinja syntax and Python value semantics. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Templar } from '../../../src/template/index.js'
import { tokenize } from '../../../src/template/lexer.js'
import { literalEval } from '../../../src/template/literal-eval.js'
import { Tuple } from '../../../src/template/values.js'

const t = new Templar()
const r = (tpl: string, vars: Record<string, unknown> = {}) => t.render(tpl, vars)
const s = (tpl: string, vars: Record<string, unknown> = {}) => t.render(tpl, vars, { native: false })

test('lexer: `}}` inside a dict literal does not end the print tag', () => {
  assert.deepEqual(r("{{ {'a': {'b': 1}} }}"), { a: { b: 1 } })
  const types = tokenize('{{ {"a": {"b": 1}} }}').map((x) => x.type)
  assert.equal(types.filter((x) => x === 'var_end').length, 1)
})

test('lexer: string escapes follow Python (in template files; task strings keep backslashes)', () => {
  assert.equal(t.renderFile("{{ 'a\\tb\\x41\\u00e9\\q' }}", {}), 'a\tbAé\\q')
  assert.equal(r("{{ 'a\\nb' }}"), 'a\\nb')
})

test('lexer: numbers with underscores, hex, octal, binary, exponents', () => {
  assert.equal(r('{{ 1_000 + 0x10 + 0o10 + 0b11 }}'), 1000 + 16 + 8 + 3)
  assert.equal(s('x{{ 1e3 }}'), 'x1000.0')
  assert.equal(s('x{{ 2.50 }}'), 'x2.5')
})

test('parser: precedence of filters, unary minus, pow and concatenation', () => {
  assert.equal(r('{{ -1 | abs }}'), 1)
  assert.equal(r('{{ - 2 ** 2 }}'), 4) // Jinja binds the minus first
  assert.equal(r('{{ 2 ** 3 ** 2 }}'), 64) // and ** is left-associative
  assert.throws(() => r("{{ 1 + 2 ~ 'x' }}"), /unsupported operand type\(s\) for \+: 'int' and 'str'/) // ~ binds tighter than +
  assert.equal(r('{{ 1 if false else 2 if false else 3 }}'), 3)
})

test('parser: tests with a bare argument, `is not`, chained comparisons', () => {
  assert.equal(r('{{ 9 is divisibleby 3 }}'), true)
  assert.equal(r('{{ 9 is not divisibleby 2 }}'), true)
  assert.equal(r('{{ 1 < 2 < 3 > 2 }}'), true)
  assert.equal(r('{{ 1 < 3 < 2 }}'), false)
})

test('parser: syntax errors name the offending token', () => {
  assert.throws(() => r('{{ 1 + }}'), /Expected an expression|unexpected 'end of print statement'/)
  assert.throws(() => r('{% for x in %}{% endfor %}'), /Expected an expression, got 'end of statement block'/)
  assert.throws(() => r('{{ x y }}'), /expected token 'end of print statement', got 'y'/)
  assert.throws(() => r('{% if true %}no end'), /looking for the following tags: 'elif' or 'else' or 'endif'/)
  assert.throws(() => r('{% frobnicate %}'), /Encountered unknown tag 'frobnicate'/)
  assert.throws(() => r('{{ x | no_such_filter }}', { x: 1 }), /Could not load "no_such_filter"/)
  assert.throws(() => r('{{ x is no_such_test }}', { x: 1 }), /Could not load "no_such_test"/)
})

test('syntax error code and position from `where`', () => {
  assert.throws(
    () => t.render('{{ unclosed ', {}, { where: { file: 'site.yml', line: 12, col: 9 } }),
    (e: unknown) => {
      const err = e as { code: string; message: string; file: string; line: number; col: number }
      assert.equal(err.code, 'E_TEMPLATE_SYNTAX')
      assert.match(err.message, /unexpected end of template, expected 'end of print statement'/)
      assert.deepEqual([err.file, err.line, err.col], ['site.yml', 12, 9])
      return true
    },
  )
})

test('python: int and float arithmetic', () => {
  assert.equal(s('{{ 4 / 2 }}'), '2.0')
  assert.equal(r('{{ 7 // 2 }}'), 3)
  assert.equal(r('{{ -7 // 2 }}'), -4)
  assert.equal(r('{{ -7 % 3 }}'), 2)
  assert.equal(r('{{ 2 ** -1 }}'), 0.5)
  assert.equal(s('{{ 0.1 + 0.2 }}'), '0.30000000000000004')
  assert.equal(s('{{ 1e16 }}'), '1e+16')
  assert.equal(s('{{ 1e-5 }}'), '1e-05')
  assert.throws(() => r('{{ 1 / 0 }}'), /division by zero/)
  assert.throws(() => r("{{ 1 + 'a' }}"), /unsupported operand type\(s\) for \+: 'int' and 'str'/)
})

test('python: truthiness, and/or return operands, equality across types', () => {
  assert.equal(r("{{ '' or 'x' }}"), 'x')
  assert.equal(r('{{ 0 and 1 }}'), 0)
  assert.equal(r('{{ [] or {} or none }}'), null)
  assert.equal(r('{{ 1 == 1.0 and true == 1 }}'), true)
  assert.equal(r('{{ [1, 2] < [1, 3] }}'), true)
  assert.throws(() => r("{{ 1 < 'a' }}"), /'<' not supported between instances of 'int' and 'str'/)
})

test('python: % formatting and str.format', () => {
  assert.equal(r("{{ '%05.2f|%-4s|%+d|%x|%%' % (3.14159, 'ab', 5, 255) }}"), '03.14|ab  |+5|ff|%')
  assert.equal(r("{{ '%(a)s=%(b)03d' % {'a': 'k', 'b': 7} }}"), 'k=007')
  assert.equal(r("{{ '{:>5}|{:<3}|{:^5}|{:.2f}|{:,}|{0}'.format('a', 'b', 'c', 2.5, 1234567) }}"), '    a|b  |  c  |2.50|1,234,567|a')
  assert.throws(() => r("{{ '%s %s' % ('a',) }}"), /not enough arguments/)
})

test('python: str methods', () => {
  assert.deepEqual(r("{{ ' a  b '.split() }}"), ['a', 'b'])
  assert.deepEqual(r("{{ 'a,b,c'.rsplit(',', 1) }}"), ['a,b', 'c'])
  assert.deepEqual(r("{{ 'x\\r\\ny\\n'.splitlines() }}", {}), ['x\\r\\ny\\n'])
  assert.deepEqual(r('{{ s.splitlines() }}', { s: 'x\r\ny\n' }), ['x', 'y'])
  assert.equal(r("{{ 'hello world'.title() }}"), 'Hello World')
  assert.equal(r("{{ 'xxhixx'.strip('x') }}"), 'hi')
  assert.equal(r("{{ '-42'.zfill(6) }}"), '-00042')
  assert.equal(r("{{ 'abc'.startswith(('z', 'a')) }}"), true)
  assert.equal(r("{{ 'aXbXc'.replace('X', '-', 1) }}"), 'a-bXc')
  assert.equal(r("{{ '-'.join(['a', 'b']) }}"), 'a-b')
  assert.throws(() => r("{{ '-'.join([1]) }}"), /sequence item 0: expected str instance, int found/)
})

test('python: dict and list methods, slices, negative indexes', () => {
  assert.deepEqual(r("{{ d.items() | list }}", { d: { a: 1 } }), [['a', 1]])
  assert.equal(r("{{ d.get('x', 5) }}", { d: {} }), 5)
  assert.deepEqual(r('{% set l = [3, 1] %}{% set _ = l.append(2) %}{{ l | sort }}'), [1, 2, 3])
  assert.deepEqual(r('{{ [1, 2, 3, 4][::-2] }}'), [4, 2])
  assert.equal(r("{{ 'abcdef'[1:5:2] }}"), 'bd')
  assert.equal(r('{{ l[-1] }}', { l: ['a', 'z'] }), 'z')
  assert.deepEqual(r('{{ (1, 2) + (3,) }}'), [1, 2, 3])
})

test('statements: for with else, filter, tuple unpacking, loop variables, recursion', () => {
  assert.equal(r('{% for x in [] %}a{% else %}none{% endfor %}'), 'none')
  assert.equal(r('{% for x in [1, 2, 3, 4] if x is even %}{{ loop.index }}:{{ x }}/{{ loop.length }} {% endfor %}'), '1:2/2 2:4/2 ')
  assert.equal(r('{% for k, v in d | dictsort %}{{ k }}={{ v }};{% endfor %}', { d: { b: 2, a: 1 } }), 'a=1;b=2;')
  assert.equal(r("{% for x in 'ab' %}{{ loop.cycle('o', 'e') }}{{ loop.revindex0 }}{% endfor %}"), 'o1e0')
  assert.equal(r('{% for x in [[1, [2, 3]], 4] recursive %}{% if x is iterable %}{{ loop(x) }}{% else %}{{ x }}({{ loop.depth }}){% endif %}{% endfor %}'), '1(2)2(3)3(3)4(1)')
})

test('statements: scoping of set in loops, namespace, block set, with', () => {
  assert.equal(r('{% set x = 1 %}{% for i in [1] %}{% set x = 2 %}{% endfor %}{{ x }}'), 1)
  assert.equal(r('{% set ns = namespace(n=0) %}{% for i in [1, 2, 3] %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}'), 6)
  assert.equal(r('{% set b | upper %}x{{ 1 }}{% endset %}{{ b }}'), 'X1')
  assert.equal(r('{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}'), 3)
  assert.throws(() => r('{% set s = "x" %}{% set s.attr = 1 %}'), /non-namespace object/)
})

test('statements: macros with defaults, varargs, kwargs and call blocks; filter blocks', () => {
  const tpl = "{% macro m(a, b=2) %}{{ a }}-{{ b }}-{{ varargs | list }}-{{ kwargs }}{% endmacro %}{{ m(1, 3, 4, z=5) }}|{{ m('x') }}"
  assert.equal(r(tpl), "1-3-[4]-{'z': 5}|x-2-[]-{}")
  assert.equal(r('{% macro w() %}<{{ caller(7) }}>{% endmacro %}{% call(n) w() %}n={{ n }}{% endcall %}'), '<n=7>')
  assert.equal(r('{% filter upper %}ab{{ "c" }}{% endfilter %}'), 'ABC')
})

test('whitespace: trim_blocks is on for task strings too, `-` strips, raw keeps markers', () => {
  assert.equal(r('a\n{% if true %}\nb\n{% endif %}\nc'), 'a\nb\nc')
  assert.equal(r('a  {%- if true -%}  b  {%- endif -%}  c'), 'abc')
  assert.equal(r('{% raw %}{{ x }}{% endraw %}'), '{{ x }}')
  assert.equal(r('{# c #}x'), 'x')
})

test('globals: range, dict, cycler, joiner, undef, lookup', () => {
  assert.deepEqual(r('{{ range(5, 0, -2) | list }}'), [5, 3, 1])
  assert.deepEqual(r('{{ dict(a=1) }}'), { a: 1 })
  assert.equal(r('{% set c = cycler("a", "b") %}{{ c.next() }}{{ c.next() }}{{ c.next() }}'), 'aba')
  assert.equal(r('{% set j = joiner("|") %}{% for x in [1, 2] %}{{ j() }}{{ x }}{% endfor %}'), '1|2')
  assert.throws(() => r('{{ undef(hint="set x first") }}'), /set x first/)
  assert.equal(r("{{ undef() | default('d') }}"), 'd')
})

test('literal_eval: Python literal syntax', () => {
  assert.deepEqual(literalEval("{'a': [1, 2.5, None, True], 'b': (1,)}"), { ok: true, isString: false, value: { a: [1, 2.5, null, true], b: Tuple.of2([1]) } })
  assert.deepEqual(literalEval("'a' \"b\""), { ok: true, isString: true, value: 'ab' })
  assert.deepEqual(literalEval('1, 2'), { ok: true, isString: false, value: Tuple.of2([1, 2]) })
  assert.equal(literalEval('0644').ok, false)
  assert.equal(literalEval(' 42').ok, false)
  assert.deepEqual(literalEval('42 # comment\n'), { ok: true, isString: false, value: 42 })
  assert.equal(literalEval('true').ok, false)
  assert.equal((literalEval('true', true) as { value: unknown }).value, true)
})
