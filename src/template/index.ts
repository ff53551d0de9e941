/** The template engine's public surface. */
import { tokenize } from './lexer.js'
import { isPossiblyTemplate } from './session.js'

export { Templar, type RenderOptions, type FileRenderOptions, type TrackedResult } from './templar.js'
export { markUnsafe, isUnsafe } from './unsafe.js'
export type { FilterDef, TestDef, LookupFn, TemplateEnv } from './registry.js'

/**
 * Whether a string is a template (Ansible's is_template: a start delimiter followed by its
 * matching end). A plain string with a lone `{{` is not.
 */
export function isTemplate(s: string): boolean {
  if (typeof s !== 'string' || !isPossiblyTemplate(s)) return false
  try {
    const toks = tokenize(s)
    return toks.some((t) => t.type === 'var_end' || t.type === 'block_end') || /\{#[\s\S]*#\}/.test(s)
  } catch {
    return false
  }
}
