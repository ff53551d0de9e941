/** `vars_files`: paths (templated per host) relative to the playbook; a list entry means "first found". */
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { FileNotFoundError, ParseError, type SourcePosition } from '../errors.js'
import type { Templar } from '../template/index.js'

export class VarsFileLoader {
  private readonly cache = new Map<string, Record<string, unknown>>()

  constructor(
    private readonly baseDir: string,
    private readonly templar: Templar,
    private readonly decrypt: (text: string, file: string) => string,
  ) {}

  private read(path: string, where: SourcePosition): Record<string, unknown> {
    const cached = this.cache.get(path)
    if (cached) return cached
    let text = readFileSync(path, 'utf8')
    if (text.startsWith('$ANSIBLE_VAULT;')) text = this.decrypt(text, path)
    let data: unknown
    try {
      data = parseYaml(text) ?? {}
    } catch (error) {
      throw new ParseError(`Syntax error in vars file ${path}: ${(error as Error).message.split('\n')[0]}`, where)
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ParseError(`vars file ${path} must contain a mapping of variables`, where)
    this.cache.set(path, data as Record<string, unknown>)
    return data as Record<string, unknown>
  }

  load(entries: (string | string[])[], vars: Record<string, unknown>, where: SourcePosition): Record<string, unknown> {
    const merged: Record<string, unknown> = {}
    for (const entry of entries) {
      const candidates = (Array.isArray(entry) ? entry : [entry]).map((p) => {
        const rendered = String(this.templar.render(p, vars, { where, native: false }))
        return isAbsolute(rendered) ? rendered : resolve(this.baseDir, rendered)
      })
      const found = candidates.find((c) => existsSync(c))
      if (!found) throw new FileNotFoundError(`vars file ${candidates.join(' or ')} was not found`, where)
      Object.assign(merged, this.read(found, where))
    }
    return merged
  }
}
