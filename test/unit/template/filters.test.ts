/** Filters and tests beyond the recorded conformance cases (expected values from ansible-core 2.14.18). */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Templar } from '../../../src/template/index.js'

const t = new Templar()
const r = (tpl: string, vars: Record<string, unknown> = {}) => t.render(tpl, vars)

test('to_yaml: flow style for scalar-only collections, quoting per YAML 1.1', () => {
  const v = { j: ['a', { b: [1, 2] }], k: 'line1\nline2\n', l: [[1, 2], [3]], q: 'yes', e: '' }
  assert.equal(r('{{ v | to_yaml }}', { v }), "e: ''\nj:\n- a\n- b: [1, 2]\nk: 'line1\n\n  line2\n\n  '\nl:\n- [1, 2]\n- [3]\nq: 'yes'\n")
})

test('to_nice_yaml: block style, indent 4', () => {
  const v = { j: ['a', { b: [1, 2] }], k: 'line1\nline2\n', l: [[1, 2], [3]] }
  assert.equal(r('{{ v | to_nice_yaml }}', { v }), "j:\n- a\n-   b:\n    - 1\n    - 2\nk: 'line1\n\n    line2\n\n    '\nl:\n-   - 1\n    - 2\n-   - 3\n")
})

test('to_json / to_nice_json: Python separators, ensure_ascii, sorted keys for nice', () => {
  assert.equal(r("{{ {'b': 1, 'a': [1, 'é']} | to_json }}"), '{"b": 1, "a": [1, "\\u00e9"]}')
  assert.equal(r("{{ {'b': 1, 'a': {'c': none}} | to_nice_json }}"), '{\n    "a": {\n        "c": null\n    },\n    "b": 1\n}')
})

test('combine: list_merge modes and recursion', () => {
  const a = { l: [1, 2], d: { x: 1, y: [1] } }
  const b = { l: [2, 3], d: { y: [2] } }
  assert.deepEqual(r("{{ a | combine(b, list_merge='append_rp') }}", { a, b }), { l: [1, 2, 3], d: { y: [2] } })
  assert.deepEqual(r("{{ a | combine(b, recursive=true, list_merge='prepend') }}", { a, b }), { l: [2, 3, 1, 2], d: { x: 1, y: [2, 1] } })
  assert.deepEqual(r("{{ a | combine(b, list_merge='keep') }}", { a, b }), { l: [1, 2], d: { y: [2] } })
  assert.throws(() => r("{{ a | combine(b, bogus=1) }}", { a, b }), /only valid keyword arguments/)
})

test('comment: styles', () => {
  assert.equal(r("{{ 'a\\nb' | comment }}", {}), '#\n# a\\nb\n#')
  assert.equal(r('{{ s | comment("c") }}', { s: 'a\nb' }), '//\n// a\n// b\n//')
  assert.equal(r('{{ s | comment("cblock") }}', { s: 'x' }), '/*\n *\n * x\n *\n */')
  assert.equal(r('{{ s | comment("xml") }}', { s: 'x' }), '<!--\n -\n - x\n -\n-->')
})

test('regex filters: named groups, backreferences, flags, Python $ semantics', () => {
  assert.equal(r("{{ 'foo-bar' | regex_replace('(?P<a>\\w+)-(?P<b>\\w+)', '\\g<b>_\\g<a>') }}"), 'bar_foo')
  assert.deepEqual(r("{{ 'k1=v1 k2=v2' | regex_findall('(\\w+)=(\\w+)') }}"), [['k1', 'v1'], ['k2', 'v2']])
  assert.deepEqual(r("{{ 'user=bob' | regex_search('user=(?P<u>\\w+)', '\\g<u>') }}"), ['bob'])
  assert.equal(r('{{ s | regex_replace("x$", "Y") }}', { s: 'ax\n' }), 'aY\n')
  assert.equal(r('{{ s | regex_replace("^a", "Z", multiline=true) }}', { s: 'ab\nac' }), 'Zb\nZc')
})

test('version test: loose, strict and semver', () => {
  assert.equal(r("{{ '1.10' is version('1.9', '>') }}"), true)
  assert.equal(r("{{ '2.14.18' is version_compare('2.14', 'ge') }}"), true)
  assert.equal(r("{{ '1.0.0-rc.1' is version('1.0.0', '<', version_type='semver') }}"), true)
  assert.throws(() => r("{{ '1.2.x' is version('1.2', '<', strict=true) }}"), /Version comparison failed/)
  assert.throws(() => r("{{ '1.0' is version('1.0', 'approx') }}"), /Invalid operator type/)
})

test('result tests read registered results', () => {
  const res = { changed: true, failed: false, skipped: false }
  assert.equal(r('{{ res is changed and res is succeeded and res is not skipped }}', { res }), true)
  assert.equal(r('{{ res is finished }}', { res: { finished: 1 } }), true)
  assert.throws(() => r("{{ 'x' is failed }}"), /expects a dictionary/)
})

test('path, hash and encoding filters', () => {
  assert.deepEqual(r("{{ '/a/b.tar.gz' | splitext }}"), ['/a/b.tar', '.gz'])
  assert.equal(r("{{ '/a/b/' | dirname }}"), '/a/b')
  assert.equal(r("{{ ['a', '/b', 'c'] | path_join }}"), '/b/c')
  assert.equal(r("{{ 'hello' | hash('sha256') }}"), '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824')
  assert.equal(r("{{ 'www.example.com' | to_uuid }}"), '69680a13-a686-5d20-a166-0e7b3b17ef84')
  assert.equal(r("{{ 'http://u:p@Host.example:8080/p?q=1#f' | urlsplit('hostname') }}"), 'host.example')
  assert.equal(r("{{ 'a%20b+c' | urldecode }}"), 'a b c')
})

test('human_readable and human_to_bytes', () => {
  assert.equal(r('{{ 1536 | human_readable }}'), '1.50 KB')
  assert.equal(r("{{ 10 | human_readable(unit='K') }}"), '0.01 KB')
  assert.equal(r("{{ '2M' | human_to_bytes }}"), 2097152)
  assert.equal(r("{{ '1Mb' | human_to_bytes(isbits=true) }}"), 1048576)
})

test('int/float/bool conversions', () => {
  assert.equal(r("{{ '0x1F' | int(base=16) }}"), 31)
  assert.equal(r("{{ 'ff' | int(base=16) }}"), 255)
  assert.equal(r("{{ 'x' | int(7) }}"), 7)
  assert.equal(r("{{ '1e3' | float }}"), 1000)
  assert.equal(r("{{ 'YES' | bool }}"), true)
  assert.equal(r("{{ 'y' | bool }}"), false)
})
