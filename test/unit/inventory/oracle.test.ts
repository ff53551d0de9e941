import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, it } from 'node:test'
import { expandHostnameRange, parseAddress } from '../../../src/inventory/address.js'
import { splitHostPattern } from '../../../src/inventory/pattern.js'
import { parseIniValue } from '../../../src/inventory/pyliteral.js'
import { shlexSplit } from '../../../src/inventory/shlex.js'

/** Tables recorded by record.sh from ansible-core 2.14's own functions (fixtures/oracle-units.json). */
type Outcome<T> = { ok: T } | { error: string }
const units = JSON.parse(
  readFileSync(resolve(process.cwd(), 'test/unit/inventory/fixtures/oracle-units.json'), 'utf8'),
) as {
  ini_values: Array<[string, unknown]>
  shlex: Array<[string, Outcome<string[]>]>
  ranges: Array<[string, string[]]>
  range_errors: Array<[string, Outcome<string[]>]>
  addresses: Array<[string, Outcome<[string, number | null]>]>
  split_patterns: Array<[string, string[]]>
}

/** Compare as JSON data: a Python tuple and a list are both arrays there. */
const asData = (v: unknown): unknown => JSON.parse(JSON.stringify(v))

describe('INI values parse as ansible ini.py _parse_value (ast.literal_eval)', () => {
  for (const [input, expected] of units.ini_values) {
    it(JSON.stringify(input), () => assert.deepEqual(asData(parseIniValue(input)), expected))
  }
})

describe('host lines split as shlex.split(comments=True)', () => {
  for (const [input, expected] of units.shlex) {
    it(JSON.stringify(input), () => {
      if ('ok' in expected) assert.deepEqual(shlexSplit(input), expected.ok)
      else assert.throws(() => shlexSplit(input))
    })
  }
})

describe('host ranges expand as expand_hostname_range', () => {
  for (const [input, expected] of units.ranges) {
    it(input, () => assert.deepEqual(expandHostnameRange(input), expected))
  }
  for (const [input, expected] of units.range_errors) {
    it(`${input} fails`, () => {
      assert.ok('error' in expected)
      assert.throws(() => expandHostnameRange(input), { message: expected.error })
    })
  }
})

describe('addresses parse as parse_address(allow_ranges=True)', () => {
  for (const [input, expected] of units.addresses) {
    it(input, () => {
      if ('ok' in expected) {
        const { host, port } = parseAddress(input, true)
        assert.deepEqual([host, port ?? null], expected.ok)
      } else {
        assert.throws(() => parseAddress(input, true), { message: expected.error })
      }
    })
  }
})

describe('patterns split as split_host_pattern', () => {
  for (const [input, expected] of units.split_patterns) {
    it(input, () => assert.deepEqual(splitHostPattern(input), expected))
  }
})
