/**
 * Vandar's date formats (specs/vandar.md §0.8): Gregorian `2019-02-19 18:19:55` (IPG), Jalali
 * `1400/03/08 15:57:43` (refund), `17:46:57 - 1401/3/7` (statement) and `14000102` (statement
 * filters). All in Tehran time, as Vandar shows them.
 */
const TZ = 'Asia/Tehran'

// formatToParts costs a few µs and verify formats several dates of the same second: each
// formatter remembers the last second it formatted (the formats have no unit below a second).
const lastSecond = new WeakMap<Intl.DateTimeFormat, { second: number; parts: Readonly<Record<string, string>> }>()

const parts = (fmt: Intl.DateTimeFormat, ms: number): Readonly<Record<string, string>> => {
  const second = Math.floor(ms / 1000)
  const last = lastSecond.get(fmt)
  if (last && last.second === second) return last.parts
  const out: Record<string, string> = {}
  for (const p of fmt.formatToParts(new Date(second * 1000))) out[p.type] = p.value
  lastSecond.set(fmt, { second, parts: out })
  return out
}

const gregorian = new Intl.DateTimeFormat('en-US-u-nu-latn', {
  timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'
})
const jalali = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
  timeZone: TZ, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'
})

const pad = (s: string | number) => String(s).padStart(2, '0')

/** `2019-02-19 18:19:55` */
export const gregorianDateTime = (ms: number): string => {
  const p = parts(gregorian, ms)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

/** `2021-10-30` */
export const gregorianDate = (ms: number): string => gregorianDateTime(ms).slice(0, 10)

export interface JalaliParts {
  year: number
  month: number
  day: number
  time: string
}

export const jalaliParts = (ms: number): JalaliParts => {
  const p = parts(jalali, ms)
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), time: `${p.hour}:${p.minute}:${p.second}` }
}

/** `1400/03/08 15:57:43` */
export const jalaliDateTime = (ms: number): string => {
  const j = jalaliParts(ms)
  return `${j.year}/${pad(j.month)}/${pad(j.day)} ${j.time}`
}

/** `1400/03/08` */
export const jalaliDate = (ms: number): string => jalaliDateTime(ms).slice(0, 10)

/** `17:46:57 - 1401/3/7` (statement rows) */
export const statementDateTime = (ms: number): string => {
  const j = jalaliParts(ms)
  return `${j.time} - ${j.year}/${j.month}/${j.day}`
}

/** 14000102 as a comparable number for the day of `ms` in Tehran. */
export const jalaliDayNumber = (ms: number): number => {
  const j = jalaliParts(ms)
  return j.year * 10000 + j.month * 100 + j.day
}
