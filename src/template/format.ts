/** Python string formatting: `'%s' % x` (printf style) and `'{}'.format(x)`. */
import {
  PyError, Tuple, Undefined, failUndefined, floatRepr, intStr, isDict, isFloat, isInt, isNumber, normalize, num, pyRepr, pyStr, typeName,
} from './values.js'

function padExp(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2')
}

/** Fixed/exponent/general float formatting as Python's %f %e %g. */
export function formatFloat(n: number, type: string, precision: number | undefined, alt = false): string {
  const upper = type === type.toUpperCase() && type !== '%'
  const t = type.toLowerCase()
  if (!Number.isFinite(n)) {
    const s = Number.isNaN(n) ? 'nan' : n > 0 ? 'inf' : '-inf'
    return upper ? s.toUpperCase() : s
  }
  let out: string
  if (t === 'f') out = n.toFixed(precision ?? 6)
  else if (t === 'e') out = padExp(n.toExponential(precision ?? 6))
  else if (t === '%') out = (n * 100).toFixed(precision ?? 6) + '%'
  else {
    let p = precision ?? 6
    if (p === 0) p = 1
    if (n === 0) out = alt ? (0).toFixed(p - 1) : '0'
    else {
      const exp = Number(n.toExponential(p - 1).split('e')[1])
      if (exp >= -4 && exp < p) out = n.toFixed(Math.max(0, p - 1 - exp))
      else out = padExp(n.toExponential(p - 1))
      if (!alt) {
        out = out.replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1')
      }
    }
  }
  return upper ? out.toUpperCase() : out
}

function toInt(v: unknown, spec: string): number {
  v = normalize(v)
  if (typeof v === 'boolean') return v ? 1 : 0
  if (isNumber(v)) return Math.trunc(num(v))
  if (v instanceof Undefined) failUndefined(v)
  throw new PyError('TypeError', `%${spec} format: a real number is required, not ${typeName(v)}`)
}

function toFloatArg(v: unknown): number {
  v = normalize(v)
  if (typeof v === 'boolean' || isNumber(v)) return num(v)
  if (v instanceof Undefined) failUndefined(v)
  throw new PyError('TypeError', `must be real number, not ${typeName(v)}`)
}

function intBase(n: number, type: string, alt: boolean): string {
  const neg = n < 0
  const a = Math.abs(n)
  let s: string
  switch (type) {
    case 'x': s = (alt ? '0x' : '') + a.toString(16); break
    case 'X': s = (alt ? '0X' : '') + a.toString(16).toUpperCase(); break
    case 'o': s = (alt ? '0o' : '') + a.toString(8); break
    case 'b': s = (alt ? '0b' : '') + a.toString(2); break
    default: s = intStr(a)
  }
  return neg ? '-' + s : s
}

function applySign(s: string, n: number, sign: string): string {
  if (n >= 0 && !s.startsWith('-')) {
    if (sign === '+') return '+' + s
    if (sign === ' ') return ' ' + s
  }
  return s
}

function pad(s: string, width: number, align: string, fill: string, numeric: boolean): string {
  const len = Array.from(s).length
  if (len >= width) return s
  const n = width - len
  if (align === '=' || (numeric && align === 'z')) {
    const m = /^([+\- ]?(?:0[xXoObB])?)(.*)$/.exec(s)!
    return m[1] + fill.repeat(n) + m[2]
  }
  if (align === '<') return s + fill.repeat(n)
  if (align === '^') return fill.repeat(Math.floor(n / 2)) + s + fill.repeat(n - Math.floor(n / 2))
  return fill.repeat(n) + s
}

/** `format % args` */
export function percentFormat(fmt: string, argsIn: unknown): string {
  const a = normalize(argsIn)
  const positional: unknown[] = a instanceof Tuple ? a : [a]
  const mapping = isDict(a) ? a : undefined
  let ai = 0
  let usedMapping = false
  const next = (): unknown => {
    if (ai >= positional.length) throw new PyError('TypeError', 'not enough arguments for format string')
    return positional[ai++]
  }
  const re = /%(?:\(([^)]*)\))?([#0\- +]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g
  let out = ''
  let last = 0
  for (let m = re.exec(fmt); m; m = re.exec(fmt)) {
    out += fmt.slice(last, m.index)
    last = re.lastIndex
    const [, key, flags, widthS, precS, type] = m
    if (type === '%' && !key && !flags && !widthS && !precS) {
      out += '%'
      continue
    }
    const width = widthS === '*' ? toInt(next(), '*') : widthS ? Number(widthS) : 0
    const prec = precS === '*' ? toInt(next(), '*') : precS !== undefined ? Number(precS) : undefined
    let v: unknown
    if (key !== undefined) {
      if (!mapping) throw new PyError('TypeError', 'format requires a mapping')
      if (!Object.hasOwn(mapping, key)) throw new PyError('KeyError', `'${key}'`)
      v = mapping[key]
      usedMapping = true
    } else v = next()
    let s: string
    let numeric = false
    switch (type) {
      case 's': s = pyStr(v); if (prec !== undefined) s = s.slice(0, prec); break
      case 'r': case 'a': s = pyRepr(v); if (prec !== undefined) s = s.slice(0, prec); break
      case 'c': s = typeof v === 'string' ? v : String.fromCodePoint(toInt(v, 'c')); break
      case 'd': case 'i': case 'u': {
        const n = toInt(v, type)
        s = intStr(Math.abs(n))
        if (prec !== undefined) s = s.padStart(prec, '0')
        if (n < 0) s = '-' + s
        numeric = true
        break
      }
      case 'o': case 'x': case 'X': s = intBase(toInt(v, type), type, flags.includes('#')); numeric = true; break
      default: s = formatFloat(toFloatArg(v), type, prec, flags.includes('#')); numeric = true
    }
    if (numeric) s = applySign(s, 0, flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '')
    if (flags.includes('-')) s = pad(s, width, '<', ' ', numeric)
    else if (flags.includes('0') && numeric) s = pad(s, width, '=', '0', numeric)
    else s = pad(s, width, '>', ' ', numeric)
    out += s
  }
  out += fmt.slice(last)
  if (!usedMapping && !mapping && ai < positional.length) {
    throw new PyError('TypeError', 'not all arguments converted during string formatting')
  }
  return out
}

/** Python's format(value, spec) (the format-spec mini-language). */
export function formatSpec(vIn: unknown, spec: string): string {
  const v = normalize(vIn)
  if (v instanceof Undefined) failUndefined(v)
  const m = /^(?:(.)?([<>=^]))?([+\- ]?)(z?)(#?)(0?)(\d*)([,_]?)(?:\.(\d+))?([bcdeEfFgGnosxX%]?)$/su.exec(spec)
  if (!m) throw new PyError('ValueError', `Invalid format specifier '${spec}' for object of type '${typeName(v)}'`)
  const [, fillM, alignM, sign, , alt, zero, widthS, group, precS, typeM] = m
  let fill = fillM ?? ' '
  let align = alignM ?? ''
  const width = widthS ? Number(widthS) : 0
  const prec = precS !== undefined ? Number(precS) : undefined
  let type = typeM
  let s: string
  let numeric = false
  if (typeof v === 'string') {
    if (type && type !== 's') throw new PyError('ValueError', `Unknown format code '${type}' for object of type 'str'`)
    s = prec !== undefined ? v.slice(0, prec) : v
  } else if (isNumber(v) || typeof v === 'boolean') {
    numeric = true
    const n = num(v)
    if (!type && (isFloat(v))) {
      s = prec !== undefined ? formatFloat(n, 'g', prec, alt === '#') : floatRepr(n)
      if (prec !== undefined && !/[.e]|inf|nan/.test(s)) s += '.0'
    } else if (!type || type === 'd' || type === 'n') {
      if (!isInt(v) && typeof v !== 'boolean') throw new PyError('ValueError', `Unknown format code 'd' for object of type 'float'`)
      if (!type && typeof v === 'boolean' && !spec) return pyStr(v)
      s = intStr(n)
    } else if ('xXobc'.includes(type)) {
      if (!isInt(v) && typeof v !== 'boolean') throw new PyError('ValueError', `Unknown format code '${type}' for object of type 'float'`)
      s = type === 'c' ? String.fromCodePoint(n) : intBase(n, type, alt === '#')
    } else s = formatFloat(n, type, prec, alt === '#')
    if (group) {
      const [ip, fp] = s.replace('-', '').split('.')
      const g = ip.replace(/\B(?=(\d{3})+(?!\d))/g, group)
      s = (s.startsWith('-') ? '-' : '') + g + (fp !== undefined ? '.' + fp : '')
    }
    s = applySign(s, n, sign)
  } else {
    s = pyStr(v)
    type = ''
  }
  if (zero && !alignM) {
    fill = '0'
    align = '='
  }
  if (!align) align = numeric ? '>' : '<'
  return pad(s, width, align, fill, numeric)
}

/** `'{} {name}'.format(*args, **kwargs)` */
export function strFormat(fmt: string, args: unknown[], kwargs: Record<string, unknown>, getField: (obj: unknown, key: string, isIndex: boolean) => unknown): string {
  let out = ''
  let auto = 0
  let i = 0
  while (i < fmt.length) {
    const c = fmt[i]
    if (c === '{' && fmt[i + 1] === '{') { out += '{'; i += 2; continue }
    if (c === '}' && fmt[i + 1] === '}') { out += '}'; i += 2; continue }
    if (c === '}') throw new PyError('ValueError', "Single '}' encountered in format string")
    if (c !== '{') { out += c; i++; continue }
    let depth = 1
    let j = i + 1
    while (j < fmt.length && depth) {
      if (fmt[j] === '{') depth++
      else if (fmt[j] === '}') depth--
      if (depth) j++
    }
    if (depth) throw new PyError('ValueError', "Single '{' encountered in format string")
    const field = fmt.slice(i + 1, j)
    i = j + 1
    const fm = /^([^!:.[]*)((?:\.[^!:.[]+|\[[^\]]*\])*)(?:!([rsa]))?(?::(.*))?$/s.exec(field)
    if (!fm) throw new PyError('ValueError', `bad format field '${field}'`)
    const [, name, chain, conv, specRaw] = fm
    let v: unknown
    if (name === '') {
      if (auto >= args.length) throw new PyError('IndexError', `Replacement index ${auto} out of range for positional args tuple`)
      v = args[auto++]
    } else if (/^\d+$/.test(name)) {
      const k = Number(name)
      if (k >= args.length) throw new PyError('IndexError', `Replacement index ${k} out of range for positional args tuple`)
      v = args[k]
    } else {
      if (!Object.hasOwn(kwargs, name)) throw new PyError('KeyError', `'${name}'`)
      v = kwargs[name]
    }
    for (const part of chain.match(/\.[^!:.[]+|\[[^\]]*\]/g) ?? []) {
      if (part.startsWith('.')) v = getField(v, part.slice(1), false)
      else {
        const key = part.slice(1, -1)
        v = getField(v, key, /^\d+$/.test(key))
      }
    }
    if (conv === 'r' || conv === 'a') v = pyRepr(v)
    else if (conv === 's') v = pyStr(v)
    const spec = specRaw ? specRaw.replace(/\{([^}]*)\}/g, (_, n: string) => pyStr(n === '' ? args[auto++] : /^\d+$/.test(n) ? args[Number(n)] : kwargs[n])) : ''
    out += formatSpec(v, spec)
  }
  return out
}
