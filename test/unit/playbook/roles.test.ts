import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Block, Task, TaskItem } from '../../../src/playbook/types.js'
import { corpus, loadFile } from './helpers.js'

function tasksOf(items: TaskItem[]): Task[] {
  return items.flatMap((i) => (i.kind === 'task' ? [i] : i.kind === 'block' ? tasksOf([...i.block, ...i.rescue, ...i.always]) : []))
}

test('roles expand dependencies first, one block per role instance', () => {
  const [play] = loadFile(corpus('listing', 'site.yml'))
  const blocks = play!.roles as Block[]
  assert.deepEqual(blocks.map((b) => b.role?.name), ['base', 'common', 'app'])
  assert.ok(blocks.every((b) => b.kind === 'block' && b.roleInstance !== undefined))
  const [base, common] = blocks
  assert.equal(base!.roleInstance!.allowDuplicates, false)
  assert.notEqual(base!.roleInstance!.key, common!.roleInstance!.key)
  const commonTasks = tasksOf([common!])
  assert.deepEqual(commonTasks.map((t) => t.name), ['common one', 'common extra'])
  // Role tasks point at their own file; the import inside the role resolved against tasks/.
  assert.match(commonTasks[0]!.where.file!, /roles\/common\/tasks\/main\.yml$/)
  assert.match(commonTasks[1]!.where.file!, /roles\/common\/tasks\/extra\.yml$/)
  assert.equal(commonTasks[0]!.role, common!.role)
})

test('role entry keywords reach the role and its dependencies; play tags reach everything', () => {
  const [play] = loadFile(corpus('listing', 'site.yml'))
  const app = (play!.roles as Block[]).find((b) => b.role?.name === 'app')!
  const [appTask] = tasksOf([app])
  assert.deepEqual([...appTask!.tags].sort(), ['apptag', 'ptag'])
  const include = app.block.find((i) => i.kind === 'include_tasks')
  assert.ok(include, 'include_tasks inside the role stays dynamic')
  assert.equal(include.role?.name, 'app')
})

test('role defaults and vars are read into the RoleRef; roleRefs are one per instance', () => {
  const [play] = loadFile(corpus('listing', 'site.yml'))
  const common = play!.roleRefs.find((r) => r.name === 'common')!
  assert.deepEqual(common.defaults, { common_port: 80, common_name: 'default' })
  assert.deepEqual(common.vars, { common_name: 'fromvars' })
  assert.deepEqual(play!.roleRefs.map((r) => r.name), ['base', 'common', 'app'])
})

test('the same role with other params is another instance; the same params share the key', () => {
  const [play] = loadFile(corpus('listing', 'duplicates.yml'))
  const commons = (play!.roles as Block[]).filter((b) => b.role?.name === 'common')
  assert.equal(commons.length, 3)
  assert.equal(commons[0]!.roleInstance!.key, commons[1]!.roleInstance!.key)
  assert.notEqual(commons[0]!.roleInstance!.key, commons[2]!.roleInstance!.key)
  assert.deepEqual(commons[2]!.role!.params, { x: 1 })
  assert.equal(commons[0]!.role, commons[1]!.role)
})

test('handlers: roles first, then the play, then import_role handlers; each instance once', () => {
  const [play] = loadFile(corpus('listing', 'site.yml'))
  assert.deepEqual(
    play!.handlers.map((h) => `${h.role?.name ?? '-'}:${h.name}`),
    ['common:restart common', 'app:restart app'],
  )
})

test('import_role with tasks_from takes the other file and keeps the role dependencies', () => {
  const [play] = loadFile(corpus('listing', 'imports.yml'))
  const names = tasksOf(play!.tasks).map((t) => `${t.role?.name ?? ''}/${t.name}`)
  assert.deepEqual(names.slice(2, 4), ['base/base task', 'common/common extra'])
  const fromTask = tasksOf(play!.tasks).find((t) => t.name === 'common extra')!
  assert.ok(fromTask.tags.includes('from'))
})
