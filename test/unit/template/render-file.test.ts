/** The template module path (renderFile), against cases recorded from ansible-core 2.14.18. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Templar, type FileRenderOptions } from '../../../src/template/index.js'

const FX = join(process.cwd(), 'test', 'unit', 'template', 'fixtures')
const data = JSON.parse(readFileSync(join(FX, 'file-cases.json'), 'utf8')) as {
  vars: Record<string, unknown>
  cases: Array<{ title: string; template: string; options: Record<string, unknown>; result?: string }>
}

function toOptions(o: Record<string, unknown>): FileRenderOptions {
  return {
    trimBlocks: o.trim_blocks as boolean | undefined,
    lstripBlocks: o.lstrip_blocks as boolean | undefined,
    newlineSequence: o.newline_sequence as FileRenderOptions['newlineSequence'],
    variableStartString: o.variable_start_string as string | undefined,
    variableEndString: o.variable_end_string as string | undefined,
    blockStartString: o.block_start_string as string | undefined,
    blockEndString: o.block_end_string as string | undefined,
  }
}

const templar = new Templar()
for (const c of data.cases) {
  test(`renderFile: ${c.title}`, () => {
    assert.equal(templar.renderFile(c.template, data.vars, toOptions(c.options)), c.result)
  })
}

test('renderFile: include resolves in the search path (templates/ first) and sees loop variables', () => {
  const out = templar.renderFile('{% for u in users %}{% include "item.j2" %}{% endfor %}', { users: ['a', 'b'] }, { searchPath: [FX] })
  // an included template loses its trailing newline, as in Jinja (keep_trailing_newline=False)
  assert.equal(out, '<a><b>')
})

test('renderFile: missing include names the template; ignore missing skips it', () => {
  assert.throws(() => templar.renderFile('{% include "nope.j2" %}', {}, { searchPath: [FX] }), /Template not found: nope\.j2/)
  assert.equal(templar.renderFile('a{% include "nope.j2" ignore missing %}b', {}, { searchPath: [FX] }), 'ab')
})

test('renderFile: an undefined variable names the variable, the file and the template line', () => {
  const src = 'line1\nline2 {{ ok }}\nline3 {{ nope }}\n'
  assert.throws(
    () => templar.renderFile(src, { ok: 1 }, { where: { file: 'roles/web/templates/site.conf.j2' } }),
    (e: unknown) => {
      const err = e as { code: string; message: string; file: string; line: number; located: string }
      assert.equal(err.code, 'E_UNDEFINED_VAR')
      assert.equal(err.message, "'nope' is undefined")
      assert.equal(err.file, 'roles/web/templates/site.conf.j2')
      assert.equal(err.line, 3)
      assert.equal(err.located, "roles/web/templates/site.conf.j2:3: 'nope' is undefined")
      return true
    },
  )
})

test('renderFile: a syntax error names the token and the template line', () => {
  assert.throws(
    () => templar.renderFile('ok\n{% if x %}\n{% endfor %}\n', { x: 1 }, { where: { file: 't.j2' } }),
    (e: unknown) => {
      const err = e as { code: string; message: string; line: number }
      assert.equal(err.code, 'E_TEMPLATE_SYNTAX')
      assert.match(err.message, /unknown tag 'endfor'/)
      assert.equal(err.line, 3)
      return true
    },
  )
})

test('renderFile: output is always text, never converted to a list or number', () => {
  assert.equal(templar.renderFile('{{ [1, 2] }}', {}), '[1, 2]')
  assert.equal(templar.renderFile('{{ 42 }}', {}), '42')
})
