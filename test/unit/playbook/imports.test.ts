import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { DynamicInclude, Task, TaskItem } from '../../../src/playbook/types.js'
import { corpus, loadFile } from './helpers.js'

function flat(items: TaskItem[]): TaskItem[] {
  return items.flatMap((i) => (i.kind === 'block' ? flat([...i.block, ...i.rescue, ...i.always]) : [i]))
}

test('import_tasks puts the file tasks in place with the import keywords pushed down', () => {
  const [play] = loadFile(corpus('listing', 'imports.yml'))
  const [outer, inner] = play!.tasks as Task[]
  assert.equal(outer!.name, 'outer one')
  assert.equal(inner!.name, 'inner one')
  assert.deepEqual(inner!.tags, ['outer', 'inner'])
  assert.deepEqual(inner!.when.map((c) => c.expr), ['run_outer | default(true)'])
  // Nested import resolved relative to the importing file's directory.
  assert.match(inner!.where.file!, /listing\/tasks\/inner\.yml$/)
})

test('include_role and include_tasks stay dynamic with their own keywords and the parent scope', () => {
  const [play] = loadFile(corpus('listing', 'imports.yml'))
  const include = flat(play!.tasks).find((i) => i.kind === 'include_role') as DynamicInclude
  assert.equal(include.target, 'app')
  assert.equal(include.name, 'dynamic role')
  assert.deepEqual(include.tags, ['dyn'])
  assert.deepEqual(include.parentScope!.tags, [])
})

test('import_playbook brings the plays in place; its tags join the plays and tasks', () => {
  const plays = loadFile(corpus('listing', 'imports.yml'))
  assert.deepEqual(plays.map((p) => p.name), ['imports with keywords', 'other'])
  assert.deepEqual(plays[1]!.tags, ['imported'])
  assert.deepEqual((plays[1]!.tasks[0] as Task).tags, ['imported'])
  assert.match((plays[1]!.tasks[0] as Task).where.file!, /listing\/other\.yml$/)
})

test('import_playbook vars override the play vars and its when guards every task', () => {
  const plays = loadFile(corpus('imports', 'when-vars.yml'))
  assert.equal(plays.length, 1)
  assert.deepEqual(plays[0]!.vars, { a: 1, b: 'from import' })
  const [task] = plays[0]!.tasks as Task[]
  assert.deepEqual(task!.when.map((c) => c.expr), ['enabled', 'inner_cond'])
})
