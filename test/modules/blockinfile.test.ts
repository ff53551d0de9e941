import assert from 'node:assert/strict'
import { test } from 'node:test'
import { blockEdit, type BlockinfileArgs } from '../../modules/blockinfile.js'
import { replaceEdit, type ReplaceArgs } from '../../modules/replace.js'
import { args } from './fixtures.js'

const block = (text: string | undefined, raw: Record<string, unknown>) => blockEdit(text, args<BlockinfileArgs>('blockinfile', { path: '/f', ...raw }))
const replace = (text: string, raw: Record<string, unknown>) => replaceEdit(text, args<ReplaceArgs>('replace', { path: '/f', ...raw }))

test('blockinfile: appended at EOF, replaced in place between its markers, removed', () => {
  const once = block('a\n', { block: 'x' })
  assert.equal(once, 'a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n')
  assert.equal(block(once + 'z\n', { block: 'y' }), 'a\n# BEGIN ANSIBLE MANAGED BLOCK\ny\n# END ANSIBLE MANAGED BLOCK\nz\n')
  assert.equal(block(once, { state: 'absent' }), 'a\n')
})

test('blockinfile: custom markers, insertbefore BOF, insertafter regex', () => {
  assert.equal(block('a\nb\n', { block: 'x', marker: '<!-- {mark} -->', marker_begin: 'B', marker_end: 'E', insertafter: '^a' }), 'a\n<!-- B -->\nx\n<!-- E -->\nb\n')
  assert.equal(block('a\n', { block: 'x', insertbefore: 'BOF', marker: '# {mark}' }), '# BEGIN\nx\n# END\na\n')
  assert.equal(block(undefined, { block: 'x', marker: '# {mark}' }), '# BEGIN\nx\n# END\n')
})

test('replace: every match, MULTILINE anchors, backreferences, after/before sections', () => {
  assert.deepEqual(replace('a b\nc b\n', { regexp: 'b$', replace: 'B' }), { text: 'a B\nc B\n', count: 2 })
  assert.deepEqual(replace('k=1\n', { regexp: '^(?P<k>\\w+)=(\\d)', replace: '\\g<k>: \\2' }), { text: 'k: 1\n', count: 1 })
  assert.deepEqual(replace('x\nSTART\nx\nEND\nx\n', { regexp: 'x', replace: 'y', after: 'START', before: 'END' }), { text: 'x\nSTART\ny\nEND\nx\n', count: 1 })
  assert.deepEqual(replace('abc\n', { regexp: 'zz', replace: 'y' }), { text: 'abc\n', count: 0 })
})
