import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { test } from 'node:test'
import { corpus, loadFailure } from './helpers.js'

const root = corpus('broken')
const cases = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()

test('the broken corpus has at least 25 cases', () => {
  assert.ok(cases.length >= 25, `only ${cases.length} cases`)
})

for (const name of cases) {
  test(`broken/${name} is refused at the right file, line and column`, () => {
    const dir = join(root, name)
    const [located = '', code = ''] = readFileSync(join(dir, 'expected.txt'), 'utf8').split('\n')
    const match = /^([^:]+):(\d+):(\d+): (.+)$/.exec(located)
    assert.ok(match, `malformed expected.txt in ${name}`)
    const [, file, line, col, message] = match
    const error = loadFailure(join(dir, 'playbook.yml'))
    assert.equal(`${relative(dir, error.file ?? '')}:${error.line}:${error.col}`, `${file}:${line}:${col}`, error.located)
    // Messages name files by absolute path; the expectation names them relative to the case.
    const shown = error.message.split(`${dir}/`).join('')
    assert.ok(shown.includes(message!), `message ${JSON.stringify(shown)} lacks ${JSON.stringify(message)}`)
    assert.equal(error.code, code.trim())
  })
}
