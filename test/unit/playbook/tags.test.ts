import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseTagOption, selectedByTags } from '../../../src/playbook/tags.js'

// Each row was checked against ansible-playbook 2.14 --list-tasks (test/playbook-corpus/listing).
const CASES: [string[], string[], string[], boolean][] = [
  [[], [], [], true],
  [['never'], [], [], false],
  [['never', 'n1'], ['n1'], [], true],
  [['never', 'n1'], ['never'], [], true],
  [['never', 'n1'], ['all'], [], false],
  [['t1'], ['t1'], [], true],
  [[], ['t1'], [], false],
  [['always'], ['t1'], [], true],
  [['always'], [], ['always'], false],
  [['always'], [], ['all'], true],
  [['always'], [], ['all', 'always'], false],
  [[], ['untagged'], [], true],
  [['ctag'], ['untagged'], [], false],
  [['ctag'], ['tagged'], [], true],
  [[], ['tagged'], [], false],
  [['never', 'x'], ['tagged'], [], false],
  [['ctag'], [], ['tagged'], false],
  [[], [], ['tagged'], true],
  [['t1'], ['t1'], ['t1'], false],
  [['a', 'b'], [], ['b'], false],
]

test('tag selection follows Ansible, including always, never, tagged, untagged and all', () => {
  for (const [taskTags, run, skip, expected] of CASES) {
    assert.equal(selectedByTags(taskTags, run, skip), expected, `tags=${taskTags} -t ${run} --skip-tags ${skip}`)
  }
})

test('tag options split on commas and repeat', () => {
  assert.deepEqual(parseTagOption(['a,b', 'c', ' b ']), ['a', 'b', 'c'])
  assert.deepEqual(parseTagOption(undefined, ['all']), ['all'])
})
