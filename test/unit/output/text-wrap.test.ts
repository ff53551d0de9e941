import assert from 'node:assert/strict'
import { test } from 'node:test'
import { wrapText } from '../../../src/output/text-wrap.js'

// Expected lines computed with CPython 3.11: textwrap.wrap(text, width, drop_whitespace=drop).
const CASES: Array<[string, number, boolean, string[]]> = [
  ["[WARNING]: provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'", 79, true, ["[WARNING]: provided hosts list is empty, only localhost is available. Note that", "the implicit localhost does not match 'all'"]],
  ["[WARNING]: Hello there -- you goof-ball, use the -b option! a well-known, self-explanatory state-of-the-art thing that goes on and on", 79, true, ["[WARNING]: Hello there -- you goof-ball, use the -b option! a well-known, self-", "explanatory state-of-the-art thing that goes on and on"]],
  ["[WARNING]:  * Failed to parse /tmp/x/inventory.yml with yaml plugin: /tmp/x/inventory.yml:3:5: expected a mapping", 79, true, ["[WARNING]:  * Failed to parse /tmp/x/inventory.yml with yaml plugin:", "/tmp/x/inventory.yml:3:5: expected a mapping"]],
  ["[WARNING]: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx tail", 79, true, ["[WARNING]: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx tail"]],
  ["[WARNING]: path /a/very/long/path/with-hyphens-in-it/and/more/segments/that/go/on/and/on/forever/and/ever/file.txt is bad", 79, true, ["[WARNING]: path /a/very/long/path/with-hyphens-in-", "it/and/more/segments/that/go/on/and/on/forever/and/ever/file.txt is bad"]],
  ["[WARNING]: tabs\there and\nnewlines   and   runs of spaces that are long enough to need wrapping somewhere near the end", 79, true, ["[WARNING]: tabs here and newlines   and   runs of spaces that are long enough", "to need wrapping somewhere near the end"]],
  ["[WARNING]: Could not match supplied host pattern, ignoring: nosuchgroup", 79, true, ["[WARNING]: Could not match supplied host pattern, ignoring: nosuchgroup"]],
  ["[WARNING]: tabs\there and\nnewlines   and   runs of spaces that are long enough to need wrapping somewhere near the end", 40, false, ["[WARNING]: tabs here and newlines   and", "   runs of spaces that are long enough ", "to need wrapping somewhere near the end"]],
  ["[DEPRECATION WARNING]: Überprüfung der Größe -- naïve café-au-lait, déjà-vu and façade-like names wrap as Python does it", 50, true, ["[DEPRECATION WARNING]: Überprüfung der Größe --", "naïve café-au-lait, déjà-vu and façade-like names", "wrap as Python does it"]],
  ["", 79, true, []],
]

test('wrapText breaks lines exactly as Python textwrap.wrap', () => {
  for (const [text, width, drop, expected] of CASES) assert.deepEqual(wrapText(text, { width, dropWhitespace: drop }), expected, text)
})
