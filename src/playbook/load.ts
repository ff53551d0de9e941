/**
 * Reads a playbook file into plain values while remembering where each mapping started, so every
 * later error can say file:line:column.
 */
import { readFileSync } from 'node:fs'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml'
import { FileNotFoundError, ParseError, type SourcePosition } from '../errors.js'
import { vaultYamlTags } from '../vault/yaml-tag.js'

/** A YAML mapping as plain data plus the position of the mapping and of each of its keys. */
export interface LocatedMap {
  value: Record<string, unknown>
  where: SourcePosition
  keyWhere: Record<string, SourcePosition>
  /** Child sequences of mappings (tasks, blocks) keep their positions too. */
  children: Record<string, LocatedMap[]>
  /** For a key whose value is a sequence: the position of each entry (strings included). */
  itemWhere?: Record<string, SourcePosition[]>
  /** For a key whose value is a mapping: that mapping, located (`apply:`, `include_role:` args). */
  maps?: Record<string, LocatedMap>
}

export function readPlaybookText(file: string, displayName: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    throw new FileNotFoundError(`the playbook: ${displayName} could not be found`)
  }
}

function parse(text: string, file: string): { doc: Document.Parsed; locate: (node: YamlNode) => LocatedMap | undefined; at: (node: YamlNode | null | undefined) => SourcePosition } {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, customTags: vaultYamlTags(file) })
  const error = doc.errors[0]
  if (error) {
    const pos = lineCounter.linePos(error.pos[0])
    throw new ParseError(`YAML syntax error: ${error.message.split('\n')[0]}`, { file, line: pos.line, col: pos.col })
  }
  const at = (node: YamlNode | null | undefined): SourcePosition => {
    const offset = node?.range?.[0] ?? 0
    const pos = lineCounter.linePos(offset)
    return { file, line: pos.line, col: pos.col }
  }
  const locate = (node: YamlNode): LocatedMap | undefined => {
    if (!isMap(node)) return undefined
    const keyWhere: Record<string, SourcePosition> = {}
    const children: Record<string, LocatedMap[]> = {}
    const itemWhere: Record<string, SourcePosition[]> = {}
    const maps: Record<string, LocatedMap> = {}
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      keyWhere[key] = at(pair.key as YamlNode)
      if (isSeq(pair.value)) {
        const items = pair.value.items as YamlNode[]
        itemWhere[key] = items.map((item) => at(item))
        const located = items.map((item) => locate(item)).filter((m): m is LocatedMap => m !== undefined)
        if (located.length) children[key] = located
      } else if (isMap(pair.value)) {
        maps[key] = locate(pair.value as YamlNode)!
      }
    }
    return { value: node.toJS(doc) as Record<string, unknown>, where: at(node), keyWhere, children, itemWhere, maps }
  }
  return { doc, locate, at }
}

export function parseLocatedYaml(text: string, file: string): LocatedMap[] | unknown {
  const { doc, locate } = parse(text, file)
  if (!doc.contents) return []
  if (!isSeq(doc.contents)) return doc.toJS()
  return doc.contents.items.map((item) => locate(item as YamlNode) ?? (item as YamlNode))
}

/** A file whose top level is a mapping (a role's meta/main.yml), located; undefined when empty. */
export function parseLocatedMapping(text: string, file: string): LocatedMap | undefined {
  const { doc, locate } = parse(text, file)
  if (!doc.contents) return undefined
  const located = locate(doc.contents as YamlNode)
  if (!located) throw new ParseError('expected a mapping at the top of the file', { file, line: 1, col: 1 })
  return located
}
