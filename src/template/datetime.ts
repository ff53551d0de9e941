/** A small Python datetime for now(), to_datetime and strftime. Times are local unless utc. */
import { NO_ATTR, PyCallable, PyError, mkFloat, normalize, pyStr, type PyObject } from './values.js'

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

interface Parts { y: number; mo: number; d: number; h: number; mi: number; s: number; us: number; wd: number }

function parts(date: Date, utc: boolean): Parts {
  return utc
    ? { y: date.getUTCFullYear(), mo: date.getUTCMonth() + 1, d: date.getUTCDate(), h: date.getUTCHours(), mi: date.getUTCMinutes(), s: date.getUTCSeconds(), us: date.getUTCMilliseconds() * 1000, wd: date.getUTCDay() }
    : { y: date.getFullYear(), mo: date.getMonth() + 1, d: date.getDate(), h: date.getHours(), mi: date.getMinutes(), s: date.getSeconds(), us: date.getMilliseconds() * 1000, wd: date.getDay() }
}

const p2 = (n: number) => String(n).padStart(2, '0')

function dayOfYear(p: Parts): number {
  return Math.round((Date.UTC(p.y, p.mo - 1, p.d) - Date.UTC(p.y, 0, 1)) / 86400000) + 1
}

export function strftime(date: Date, fmt: string, utc = false): string {
  const p = parts(date, utc)
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
      case 'Y': return String(p.y)
      case 'y': return p2(p.y % 100)
      case 'm': return p2(p.mo)
      case 'd': return p2(p.d)
      case 'e': return String(p.d).padStart(2, ' ')
      case 'H': return p2(p.h)
      case 'I': return p2(p.h % 12 || 12)
      case 'M': return p2(p.mi)
      case 'S': return p2(p.s)
      case 'f': return String(p.us).padStart(6, '0')
      case 'p': return p.h < 12 ? 'AM' : 'PM'
      case 'A': return DAYS[p.wd]
      case 'a': return DAYS[p.wd].slice(0, 3)
      case 'B': return MONTHS[p.mo - 1]
      case 'b': case 'h': return MONTHS[p.mo - 1].slice(0, 3)
      case 'w': return String(p.wd)
      case 'u': return String(p.wd || 7)
      case 'j': return String(dayOfYear(p)).padStart(3, '0')
      case 's': return String(Math.floor(date.getTime() / 1000))
      case 'z': {
        if (utc) return '+0000'
        const off = -date.getTimezoneOffset()
        return (off >= 0 ? '+' : '-') + p2(Math.floor(Math.abs(off) / 60)) + p2(Math.abs(off) % 60)
      }
      case 'Z': return utc ? 'UTC' : (Intl.DateTimeFormat('en', { timeZoneName: 'short' }).formatToParts(date).find((x) => x.type === 'timeZoneName')?.value ?? '')
      case 'F': return `${p.y}-${p2(p.mo)}-${p2(p.d)}`
      case 'T': return `${p2(p.h)}:${p2(p.mi)}:${p2(p.s)}`
      case 'D': return `${p2(p.mo)}/${p2(p.d)}/${p2(p.y % 100)}`
      case 'c': return `${DAYS[p.wd].slice(0, 3)} ${MONTHS[p.mo - 1].slice(0, 3)} ${String(p.d).padStart(2, ' ')} ${p2(p.h)}:${p2(p.mi)}:${p2(p.s)} ${p.y}`
      case '%': return '%'
    }
    return m
  })
}

/** Parse text with a strftime format (to_datetime). Interpreted as local time, like Python's naive datetimes. */
export function strptime(text: string, fmt: string): Date {
  const fields: string[] = []
  let re = ''
  for (let i = 0; i < fmt.length; i++) {
    if (fmt[i] === '%' && i + 1 < fmt.length) {
      const c = fmt[++i]
      const map: Record<string, string> = { Y: '(\\d{4})', m: '(\\d{1,2})', d: '(\\d{1,2})', H: '(\\d{1,2})', M: '(\\d{1,2})', S: '(\\d{1,2})', f: '(\\d{1,6})', y: '(\\d{2})', '%': '%' }
      if (!(c in map)) throw new PyError('ValueError', `unsupported strptime directive '%${c}'`)
      if (c !== '%') fields.push(c)
      re += map[c]
    } else re += fmt[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  const m = new RegExp(`^${re}$`).exec(text)
  if (!m) throw new PyError('ValueError', `time data '${text}' does not match format '${fmt}'`)
  const v: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0, f: 0 }
  fields.forEach((f, i) => {
    if (f === 'y') v.Y = 2000 + Number(m[i + 1]) - (Number(m[i + 1]) >= 69 ? 100 : 0)
    else if (f === 'f') v.f = Number(m[i + 1].padEnd(6, '0'))
    else v[f] = Number(m[i + 1])
  })
  return new Date(v.Y, v.m - 1, v.d, v.H, v.M, v.S, Math.floor(v.f / 1000))
}

export class PyDatetime implements PyObject {
  readonly pyType = 'datetime'
  constructor(readonly date: Date, readonly utc: boolean) {}

  strftime(fmt: string): string {
    return strftime(this.date, fmt, this.utc)
  }

  pyGetAttr(name: string): unknown {
    const p = parts(this.date, this.utc)
    switch (name) {
      case 'year': return p.y
      case 'month': return p.mo
      case 'day': return p.d
      case 'hour': return p.h
      case 'minute': return p.mi
      case 'second': return p.s
      case 'microsecond': return p.us
      case 'strftime': return new PyCallable('strftime', (a) => this.strftime(pyStr(normalize(a[0]))))
      case 'isoformat': return new PyCallable('isoformat', () => this.str('T'))
      case 'timestamp': return new PyCallable('timestamp', () => mkFloat(this.date.getTime() / 1000))
      case 'weekday': return new PyCallable('weekday', () => (p.wd + 6) % 7)
      case '__str__': return new PyCallable('__str__', () => this.str(' '))
    }
    return NO_ATTR
  }

  private str(sep: string): string {
    const p = parts(this.date, this.utc)
    const base = `${p.y}-${p2(p.mo)}-${p2(p.d)}${sep}${p2(p.h)}:${p2(p.mi)}:${p2(p.s)}`
    return p.us ? `${base}.${String(p.us).padStart(6, '0')}` : base
  }
}

export function pyDatetime(date: Date, utc = false): PyDatetime {
  return new PyDatetime(date, utc)
}
