import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, it } from 'node:test'
import { parse as parseYaml } from 'yaml'
import {
  adhocHosts,
  type Inventory,
  loadInventory,
  renderInventoryGraph,
  renderInventoryHost,
  renderInventoryList,
  renderListHosts,
} from '../../../src/inventory/index.js'

/**
 * Parity with ansible-core 2.14: every fixtures/<case>/expected/ file was recorded by record.sh
 * from ansible-inventory / ansible, and drover must print the same thing for the same sources.
 */
const FIXTURES = resolve(process.cwd(), 'test/unit/inventory/fixtures')

interface Case {
  sources: string[]
  playbookDir?: string
  graphs?: string[]
  hosts?: string[]
  patterns?: string[]
}

interface Run {
  stdout: string
  stderr: string
  rc: number
}

/** ansible's stderr as messages: `[WARNING]: `/`ERROR! ` start one, wrapped lines continue it. */
export function ansibleMessages(stderr: string): string[] {
  const out: string[] = []
  for (const line of stderr.split('\n')) {
    if (!line) continue
    if (line.startsWith('[WARNING]: ') || line.startsWith('ERROR! ')) out.push(line)
    else if (out.length) out[out.length - 1] += ' ' + line
    else out.push(line)
  }
  return out.map((m) => m.replace(/\s+/g, ' ').trim())
}

const norm = (messages: string[]): string[] => messages.map((m) => m.replace(/\s+/g, ' ').trim())

async function load(dir: string, spec: Case, warnings: string[] = []): Promise<Inventory> {
  const sources = spec.sources.map((s) => (s.includes(',') ? s : join(dir, s)))
  return loadInventory(sources, {
    playbookDir: spec.playbookDir ? join(dir, spec.playbookDir) : undefined,
    warn: (m) => warnings.push(`[WARNING]: ${m}`),
  })
}

/** `ansible PATTERN [-l LIMIT] --list-hosts` as recorded vs drover's ad hoc host selection. */
async function checkRun(dir: string, spec: Case, pattern: string, limit: string | undefined, run: Run): Promise<void> {
  const warnings: string[] = []
  const inv = await load(dir, spec, warnings)
  const cwd = process.cwd()
  // `@file` limits are relative to where ansible ran: the fixture directory
  process.chdir(dir)
  try {
    const hosts = adhocHosts(inv, pattern, limit)
    assert.equal(run.rc, 0, `ansible exited ${run.rc} but drover selected ${hosts.join(',')}`)
    assert.equal(renderListHosts(hosts) + '\n', run.stdout)
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e
    assert.equal(run.rc, 1, `drover failed (${(e as Error).message}) where ansible exited ${run.rc}`)
    warnings.push(`ERROR! ${(e as Error).message}`)
  } finally {
    process.chdir(cwd)
  }
  assert.deepEqual(norm(warnings), ansibleMessages(run.stderr))
}

const cases = readdirSync(FIXTURES).filter((d) => existsSync(join(FIXTURES, d, 'case.json'))).sort()

describe('inventory parity with ansible-inventory 2.14', () => {
  it('has at least 10 recorded inventories', () => {
    assert.ok(cases.length >= 10, `only ${cases.length} cases`)
  })

  for (const name of cases) {
    const dir = join(FIXTURES, name)
    const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Case
    const expected = (f: string) => readFileSync(join(dir, 'expected', f), 'utf8')

    describe(name, () => {
      it('--list (JSON, as data and as text)', async () => {
        const warnings: string[] = []
        const inv = await load(dir, spec, warnings)
        const text = renderInventoryList(inv)
        assert.deepEqual(JSON.parse(text), JSON.parse(expected('list.json')))
        assert.equal(text + '\n', expected('list.json'))
        assert.deepEqual(norm(warnings), ansibleMessages(expected('list.stderr')))
      })

      it('--list -y (YAML, as data and as text)', async () => {
        const inv = await load(dir, spec)
        const text = renderInventoryList(inv, { yaml: true })
        const mine = parseYaml(text, { version: '1.1' })
        const theirs = parseYaml(expected('list.yaml'), { version: '1.1' })
        assert.deepEqual(mine, theirs)
        assert.equal(text + '\n', expected('list.yaml'))
      })

      for (const g of spec.graphs ?? []) {
        it(`--graph ${g} and --graph ${g} --vars`, async () => {
          const inv = await load(dir, spec)
          assert.equal(renderInventoryGraph(inv, g) + '\n', expected(`graph-${g}.txt`))
          assert.equal(renderInventoryGraph(inv, g, { vars: true }) + '\n', expected(`graph-vars-${g}.txt`))
        })
      }

      for (const h of spec.hosts ?? []) {
        it(`--host ${h}`, async () => {
          const inv = await load(dir, spec)
          const text = renderInventoryHost(inv, h)
          assert.deepEqual(JSON.parse(text), JSON.parse(expected(`host-${h}.json`)))
          assert.equal(text + '\n', expected(`host-${h}.json`))
        })
      }

      if (existsSync(join(dir, 'expected', 'combos.json'))) {
        const combos = JSON.parse(expected('combos.json')) as Array<{ pattern: string; limit: string; run: Run }>
        for (const { pattern, limit, run } of combos) {
          it(`pattern ${pattern} with --limit ${limit}`, () => checkRun(dir, spec, pattern, limit, run))
        }
      }

      if (spec.patterns) {
        const recorded = JSON.parse(expected('patterns.json')) as Array<{ name: string; limit: Run; as_pattern?: Run }>
        for (const entry of recorded) {
          const modes: Array<[string, Run | undefined, string, string | undefined]> = [
            ['--limit', entry.limit, 'all', entry.name],
            ['pattern', entry.as_pattern, entry.name, undefined],
          ]
          for (const [mode, run, pattern, limit] of modes) {
            if (!run) continue
            it(`${mode} ${entry.name}`, () => checkRun(dir, spec, pattern, limit, run))
          }
        }
      }
    })
  }
})
