/** Jinja's builtin tests and Ansible's (core, files, mathstuff, uri). */
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import { bind, asStr } from '../filters/args.js'
import { toBool } from '../filters/ansible.js'
import { pyMatch } from '../pyregex.js'
import type { TemplateEnv, TestDef, TestTable } from '../registry.js'
import { isUnsafe } from '../unsafe.js'
import {
  PyCallable, PyError, Undefined, isDict, isFloat, isInt, isNumber, isPyObject, normalize, num, pyContains, pyEq,
  pyIter, pyStr, truthy, pyCompare,
} from '../values.js'
import { compareVersions } from './version.js'

class TestError extends PyError {
  constructor(message: string) {
    super('AnsibleFilterError', message)
  }
}

function result(v: unknown, test: string): Record<string, unknown> {
  if (!isDict(v)) throw new TestError(`The '${test}' test expects a dictionary`)
  return v
}

function regexTest(env: TemplateEnv, v: unknown, args: unknown[], kw: Record<string, unknown>, matchType: string): boolean {
  const a = bind('regex', args, kw, ['pattern', 'ignorecase', 'multiline', 'match_type'], { pattern: '', ignorecase: false, multiline: false, match_type: matchType })
  const re = env.regex(asStr(a.pattern), { ignorecase: truthy(a.ignorecase), multiline: truthy(a.multiline) })
  const s = asStr(v)
  if (a.match_type === 'match') return pyMatch(re, s) !== null
  if (a.match_type === 'fullmatch') {
    const m = pyMatch(re, s)
    return m !== null && m[0].length === s.length
  }
  return re.test(s)
}

const cmp = (op: (c: number) => boolean) => (_e: TemplateEnv, v: unknown, args: unknown[]) => op(pyCompare(v, args[0]))

const OPS: Record<string, (c: number) => boolean> = {
  eq: (c) => c === 0, lt: (c) => c < 0, le: (c) => c <= 0, gt: (c) => c > 0, ge: (c) => c >= 0, ne: (c) => c !== 0,
}
const OP_NAMES: Record<string, string> = { '==': 'eq', '=': 'eq', eq: 'eq', '<': 'lt', lt: 'lt', '<=': 'le', le: 'le', '>': 'gt', gt: 'gt', '>=': 'ge', ge: 'ge', '!=': 'ne', '<>': 'ne', ne: 'ne' }

function version(_e: TemplateEnv, v: unknown, args: unknown[], kw: Record<string, unknown>): boolean {
  const a = bind('version', args, kw, ['version', 'operator', 'strict', 'version_type'], { operator: 'eq' })
  if (a.strict !== null && a.version_type !== null) throw new TestError("Cannot specify both 'strict' and 'version_type'")
  if (!truthy(v)) throw new TestError('Input version value cannot be empty')
  if (!truthy(a.version)) throw new TestError('Version parameter to compare against cannot be empty')
  const op = OP_NAMES[asStr(a.operator)]
  if (!op) throw new TestError(`Invalid operator type (${asStr(a.operator)}). Must be one of '==', '=', 'eq', '<', 'lt', '<=', 'le', '>', 'gt', '>=', 'ge', '!=', '<>', 'ne'`)
  const type = truthy(a.strict) ? 'strict' : a.version_type === null ? 'loose' : asStr(a.version_type)
  if (!['loose', 'strict', 'semver', 'semantic', 'pep440'].includes(type)) throw new TestError(`Invalid version type (${type}). Must be one of 'loose', 'strict', 'semver', 'semantic', 'pep440'`)
  try {
    return OPS[op](compareVersions(pyStr(v), pyStr(a.version), type))
  } catch (e) {
    throw new TestError(`Version comparison failed: ${(e as Error).message}`)
  }
}

function isMapping(v: unknown): boolean {
  return isDict(v)
}

function fileTest(pred: (p: string) => boolean) {
  return (_e: TemplateEnv, v: unknown) => {
    try {
      return pred(asStr(v))
    } catch {
      return false
    }
  }
}

export function coreTests(): TestTable {
  const undefOk = (fn: TestDef['fn']): TestDef => ({ fn, undefinedOk: true })
  const failed = (_e: TemplateEnv, v: unknown) => truthy(result(v, 'failed').failed ?? false)
  const changed = (_e: TemplateEnv, v: unknown) => {
    const r = result(v, 'changed')
    if (Object.hasOwn(r, 'changed')) return truthy(r.changed)
    const res = normalize(r.results)
    if (Array.isArray(res) && res.length && isDict(normalize(res[0]))) return res.some((x) => truthy((normalize(x) as Record<string, unknown>).changed ?? false))
    return false
  }
  const skipped = (_e: TemplateEnv, v: unknown) => truthy(result(v, 'skipped').skipped ?? false)
  const unreachable = (_e: TemplateEnv, v: unknown) => truthy(result(v, 'unreachable').unreachable ?? false)
  const eq = (_e: TemplateEnv, v: unknown, a: unknown[]) => pyEq(v, a[0])
  const ne = (_e: TemplateEnv, v: unknown, a: unknown[]) => !pyEq(v, a[0])
  const truthyTest = (_e: TemplateEnv, v: unknown, args: unknown[], kw: Record<string, unknown>) => {
    const a = bind('truthy', args, kw, ['convert_bool'], { convert_bool: false })
    if (truthy(a.convert_bool)) {
      const b = toBoolStrict(v)
      if (b !== undefined) return b
    }
    return truthy(v)
  }
  return {
    defined: undefOk((_e, v) => !(v instanceof Undefined)),
    undefined: undefOk((_e, v) => v instanceof Undefined),
    none: undefOk((_e, v) => v === null),
    boolean: undefOk((_e, v) => typeof v === 'boolean'),
    false: undefOk((_e, v) => v === false),
    true: undefOk((_e, v) => v === true),
    integer: undefOk((_e, v) => isInt(v)),
    float: undefOk((_e, v) => isFloat(v)),
    number: undefOk((_e, v) => isNumber(v) || typeof v === 'boolean'),
    string: undefOk((_e, v) => typeof v === 'string'),
    mapping: undefOk((_e, v) => isMapping(v)),
    sequence: undefOk((_e, v) => typeof v === 'string' || Array.isArray(v) || isDict(v)),
    iterable: undefOk((_e, v) => typeof v === 'string' || Array.isArray(v) || isDict(v)),
    callable: undefOk((_e, v) => v instanceof PyCallable || (isPyObject(v) && v.pyGetAttr('__call__') instanceof PyCallable)),
    escaped: undefOk(() => false),
    sameas: (_e, v, a) => {
      const o = normalize(a[0])
      return v === o || (typeof v === 'number' && typeof o === 'number' && v === o)
    },
    odd: (_e, v) => {
      if (!isInt(v)) throw new PyError('TypeError', 'odd test expects an integer')
      return Math.abs(v % 2) === 1
    },
    even: (_e, v) => {
      if (!isInt(v)) throw new PyError('TypeError', 'even test expects an integer')
      return v % 2 === 0
    },
    divisibleby: (_e, v, a) => num(v) % num(normalize(a[0])) === 0,
    lower: (_e, v) => {
      const s = pyStr(v)
      return /\p{Ll}/u.test(s) && !/\p{Lu}|\p{Lt}/u.test(s)
    },
    upper: (_e, v) => {
      const s = pyStr(v)
      return /\p{Lu}/u.test(s) && !/\p{Ll}|\p{Lt}/u.test(s)
    },
    eq, equalto: eq, '==': eq,
    ne, '!=': ne,
    lt: cmp(OPS.lt), lessthan: cmp(OPS.lt), '<': cmp(OPS.lt),
    le: cmp(OPS.le), '<=': cmp(OPS.le),
    gt: cmp(OPS.gt), greaterthan: cmp(OPS.gt), '>': cmp(OPS.gt),
    ge: cmp(OPS.ge), '>=': cmp(OPS.ge),
    in: (_e, v, a) => pyContains(normalize(a[0]), v),
    filter: (env, v) => env.hasFilter(pyStr(v)),
    test: (env, v) => env.hasTest(pyStr(v)),
    // Ansible: task results
    failed, failure: failed,
    succeeded: (e, v) => !failed(e, v), success: (e, v) => !failed(e, v), successful: (e, v) => !failed(e, v),
    changed, change: changed,
    skipped, skip: skipped,
    unreachable, reachable: (e, v) => !unreachable(e, v),
    finished: (_e, v) => {
      const r = result(v, 'finished')
      return Object.hasOwn(r, 'finished') ? pyEq(r.finished, 1) : true
    },
    started: (_e, v) => {
      const r = result(v, 'started')
      return Object.hasOwn(r, 'started') ? pyEq(r.started, 1) : true
    },
    match: (env, v, a, kw) => regexTest(env, v, a, kw, 'match'),
    search: (env, v, a, kw) => regexTest(env, v, a, kw, 'search'),
    regex: (env, v, a, kw) => regexTest(env, v, a, kw, 'search'),
    version, version_compare: version,
    truthy: truthyTest,
    falsy: (e, v, a, kw) => !truthyTest(e, v, a, kw),
    vault_encrypted: undefOk((_e, v) => typeof v === 'object' && v !== null && (v as { __ansible_vault?: unknown }).__ansible_vault !== undefined),
    subset: (_e, v, a) => pyIter(v).every((x) => pyContains(pyIter(normalize(a[0])), x)),
    issubset: (_e, v, a) => pyIter(v).every((x) => pyContains(pyIter(normalize(a[0])), x)),
    superset: (_e, v, a) => pyIter(normalize(a[0])).every((x) => pyContains(pyIter(v), x)),
    issuperset: (_e, v, a) => pyIter(normalize(a[0])).every((x) => pyContains(pyIter(v), x)),
    contains: (_e, v, a) => pyContains(v, normalize(a[0])),
    any: (_e, v) => pyIter(v).some((x) => truthy(x)),
    all: (_e, v) => pyIter(v).every((x) => truthy(x)),
    nan: (_e, v) => isNumber(v) && Number.isNaN(num(v)),
    isnan: (_e, v) => isNumber(v) && Number.isNaN(num(v)),
    // controller-side paths
    abs: (_e, v) => isAbsolute(asStr(v)),
    exists: fileTest((p) => existsSync(p)),
    file: fileTest((p) => statSync(p).isFile()),
    directory: fileTest((p) => statSync(p).isDirectory()),
    link: fileTest((p) => lstatSync(p).isSymbolicLink()),
    same_file: (_e, v, a) => {
      try {
        return realpathSync(asStr(v)) === realpathSync(asStr(a[0]))
      } catch {
        return false
      }
    },
    mount: fileTest((p) => {
      const st = statSync(p)
      if (p === '/') return true
      const parent = statSync(p.replace(/\/+$/, '') + '/..')
      return st.dev !== parent.dev || st.ino === parent.ino
    }),
    unsafe: undefOk((_e, v) => isUnsafe(v)),
    url: (_e, v) => /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i.test(pyStr(v)),
    uri: (_e, v) => /^[a-z][a-z0-9+.-]*:/i.test(pyStr(v)),
    urn: (_e, v) => /^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i.test(pyStr(v)),
  }
}

/** Ansible's boolean(strict=False)-ish conversion for truthy(convert_bool=True). */
function toBoolStrict(v: unknown): boolean | undefined {
  const s = typeof v === 'string' ? v.toLowerCase() : v
  if (['y', 'yes', 'on', '1', 'true', 't', 1, true].includes(s as never)) return true
  if (['n', 'no', 'off', '0', 'false', 'f', 0, false].includes(s as never)) return false
  return toBool(v) ?? undefined
}
