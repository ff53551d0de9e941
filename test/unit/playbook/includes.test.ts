import assert from 'node:assert/strict'
import { dirname } from 'node:path'
import { test } from 'node:test'
import { loadIncludedRole, loadIncludedTasks, MAX_INCLUDE_DEPTH, type IncludeLoadContext } from '../../../src/playbook/runtime-includes.js'
import type { Block, DynamicInclude, Task, TaskItem } from '../../../src/playbook/types.js'
import type { DroverError } from '../../../src/errors.js'
import { corpus, loadFile, registry } from './helpers.js'

const site = corpus('includes', 'site.yml')
const context: IncludeLoadContext = { registry, playbookDir: dirname(site), rolesPath: [] }

function includes(): DynamicInclude[] {
  const [play] = loadFile(site)
  return (play!.tasks[0] as Block).block as DynamicInclude[]
}

function tasks(items: TaskItem[]): Task[] {
  return items.flatMap((i) => (i.kind === 'task' ? [i] : i.kind === 'block' ? tasks(i.block) : []))
}

test('include_tasks is a DynamicInclude with its file, apply, loop and own keywords', () => {
  const [include] = includes()
  assert.equal(include!.kind, 'include_tasks')
  assert.equal(include!.target, 'tasks/step.yml')
  assert.deepEqual(include!.apply, { tags: ['applied'], become_user: 'deploy' })
  assert.deepEqual(include!.loop?.items, [1, 2])
  assert.deepEqual(include!.tags, ['play', 'inc'])
  assert.deepEqual(include!.when.map((c) => c.expr), ['outer', 'do_it'])
})

test('included tasks inherit the include parents, its vars and apply, but not its own when and tags', () => {
  const [include] = includes()
  const loaded = loadIncludedTasks(include!, 'tasks/step.yml', context)
  assert.equal(loaded.file, corpus('includes', 'tasks', 'step.yml'))
  const [step, nested] = loaded.items
  assert.equal(step!.kind, 'task')
  assert.deepEqual(step!.tags, ['play', 'applied'])
  assert.deepEqual(step!.when.map((c) => c.expr), ['outer'])
  assert.deepEqual(step!.become, { become: true, user: 'deploy' })
  assert.equal(step!.vars.step, 'one')
  assert.equal(step!.where.file, loaded.file)
  // A nested include resolves against the including file's directory at its own run time.
  assert.equal(nested!.kind, 'include_tasks')
  const deeper = loadIncludedTasks(nested as DynamicInclude, 'nested.yml', context)
  assert.equal(deeper.file, corpus('includes', 'tasks', 'nested.yml'))
})

test('include_role loads the role with its from-files, handlers and RoleRef', () => {
  const include = includes()[1]!
  assert.equal(include.kind, 'include_role')
  assert.deepEqual(include.options, { tasks_from: 'setup', vars_from: 'extra', public: true })
  const loaded = loadIncludedRole(include, 'web', include.options, context)
  assert.deepEqual(tasks(loaded.items).map((t) => `${t.role?.name} : ${t.name}`), ['web : web setup'])
  assert.deepEqual(loaded.handlers.map((h) => h.name), ['restart web'])
  assert.equal(loaded.role?.name, 'web')
  assert.deepEqual(loaded.role?.vars, { web_user: 'www' })
  assert.deepEqual(loaded.role?.defaults, { web_port: 80 })
  assert.equal(tasks(loaded.items)[0]!.vars.port, 8080)
  const block = loaded.items[loaded.items.length - 1] as Block
  assert.equal(block.roleInstance?.allowDuplicates, true)
})

test('bare include is a legacy dynamic include whose k=v become vars', () => {
  const include = includes()[2]!
  assert.equal(include.kind, 'include_tasks')
  assert.equal(include.legacy, true)
  assert.equal(include.target, 'tasks/step.yml')
  assert.equal(include.vars.step, 'legacy')
})

test('a missing included file is reported at the include', () => {
  const [include] = includes()
  assert.throws(() => loadIncludedTasks(include!, 'tasks/nope.yml', context), (error: DroverError) => {
    assert.equal(error.code, 'E_FILE_NOT_FOUND')
    assert.equal(error.line, include!.where.line)
    return true
  })
})

test('an include that keeps including itself is stopped as a cycle', () => {
  let include = includes()[3]!
  let depth = 0
  assert.throws(() => {
    for (;;) {
      const loaded = loadIncludedTasks(include, String(include.target), context)
      include = loaded.items[0] as DynamicInclude
      depth++
    }
  }, /include depth over/)
  assert.ok(depth >= MAX_INCLUDE_DEPTH - 1 && depth <= MAX_INCLUDE_DEPTH + 1, `stopped at ${depth}`)
})
