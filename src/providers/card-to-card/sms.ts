/**
 * Bank deposit SMS texts: the sandbox writes one for every simulated deposit, and reads raw
 * texts forwarded to it. The seed documents neither the intake endpoint nor any format
 * (specs/card-to-card.md §3.2), so both sides are inferences [I] from the common shapes of
 * Iranian bank notifications: a bank name line, the amount with thousands separators (Persian
 * or ASCII digits, sometimes with a `+`, in rials or tomans), the account or card it landed on,
 * sometimes the depositor's card (often masked), the balance and a Jalali date.
 */
import { toEnglishDigits } from '../../core/validators.js'
import type { CardToCardCard } from './model.js'
import { sameCard } from './cards.js'

const group = (n: number): string => n.toLocaleString('en-US')

/** 621986******7898: how banks show a card in a text. */
export const maskCard = (card: string): string => (card.length === 16 ? card.slice(0, 6) + '******' + card.slice(12) : card)

const jalali = (d: Date): string => {
  const parts = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Asia/Tehran' }).formatToParts(d)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Tehran' }).format(d)
  return `${get('year')}/${get('month')}/${get('day')} ${time}`
}

/** The text the merchant's phone receives for a deposit, in the destination bank's style [I]. */
export const depositSmsText = (d: { amount: number; card: string | null; dest: CardToCardCard | null; at: Date }): string => {
  const bank = d.dest?.bank || 'بانک'
  const dest = d.dest ? maskCard(d.dest.number) : ''
  const when = jalali(d.at)
  if (bank.includes('ملت')) {
    // Mellat: one fact per line, "label:value".
    return [bank, `واریز:${group(d.amount)}`, dest && `کارت:${dest}`, d.card && `از:${d.card}`, when].filter(Boolean).join('\n')
  }
  // Saman and the rest: the amount with a sign, then the cards.
  return [bank, `+${group(d.amount)} ریال`, dest && `به کارت ${dest}`, d.card && `از کارت ${d.card}`, when].filter(Boolean).join('\n')
}

export interface ParsedDeposit {
  /** rials */
  amount: number
  /** the depositor's card (16 characters, masked digits as `*`), if the text shows one */
  card: string | null
  /** the merchant card it landed on, if the text shows one of them */
  dest: string | null
  bank: string | null
}

export class SmsParseError extends Error {}

const BANKS: Array<[RegExp, string]> = [
  [/ملت|mellat/i, 'بانک ملت'],
  [/ملی|melli/i, 'بانک ملی'],
  [/سامان|saman/i, 'بانک سامان'],
  [/تجارت|tejarat/i, 'بانک تجارت'],
  [/پاسارگاد|pasargad/i, 'بانک پاسارگاد'],
  [/پارسیان|parsian/i, 'بانک پارسیان'],
  [/سپه|sepah/i, 'بانک سپه'],
  [/صادرات|saderat/i, 'بانک صادرات'],
  [/کشاورزی|keshavarzi/i, 'بانک کشاورزی'],
  [/مسکن|maskan/i, 'بانک مسکن'],
  [/رفاه|refah/i, 'بانک رفاه'],
  [/آینده|ayandeh/i, 'بانک آینده'],
  [/اقتصاد\s*نوین|eghtesad/i, 'بانک اقتصاد نوین'],
  [/بلو|blu\b/i, 'بلو']
]

/** A line about the balance or a withdrawal: its numbers are not the deposit's amount. */
const BALANCE = /مانده|موجودی|balance|\bbal\b|mande/i
const WITHDRAWAL = /برداشت|خرید|withdraw|debit|purchase/i
const AMOUNT_BEFORE = /(مبلغ|واریز|انتقال|دریافت|افزایش|amount|deposit|credit|واريز)[^\d\n]{0,12}$/i
const UNIT_AFTER = /^\s*(ریال|ريال|rial|rls|irr|تومان|toman)/i
const TOMAN_AFTER = /^\s*(تومان|toman)/i
const ACCOUNT_BEFORE = /(حساب|کارت|شماره|سپرده|شبا|card|acc(ount)?|no\.?|از|به|from|to|تاریخ|ساعت)[\s:.\-]*$/i
/** 16 characters of a card: digits and mask characters, in groups of 4 or 6+6 with optional separators. */
const CARD = /(?<![\d*])(\d{4}[ -]?[\d*xX]{4}[ -]?[\d*xX]{4}[ -]?\d{4}|\d{6}[*xX.]{6}\d{4})(?![\d*])/g

/**
 * Reads a deposit notification. Persian, Arabic-Indic and ASCII digits, `٬`/`,` separators,
 * rials or tomans; a line about the balance never gives the amount. Refuses texts that are a
 * withdrawal or carry no amount.
 */
export const parseDepositSms = (raw: string, merchantCards: CardToCardCard[] = []): ParsedDeposit => {
  const text = toEnglishDigits(raw)
    .replace(/[\u200c\u200d\u200e\u200f\u202a-\u202e]/g, '')
    .replace(/[٬،]/g, ',')
    .replace(/\r\n?/g, '\n')
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean)

  // Cards first, and blank them out so their digits are not read as an amount.
  let card: string | null = null
  let dest: string | null = null
  const cleaned = lines.map((line) =>
    line.replace(CARD, (m, _g, offset: number) => {
      const c = m.replace(/[ -]/g, '').replace(/[xX.]/g, '*')
      const before = line.slice(0, offset)
      const toMerchant = merchantCards.some((mc) => sameCard(c, mc.number))
      const fromWord = /(از|from|مبدا|مبدأ|src)[^\n]{0,10}$/i.test(before)
      if (toMerchant && !fromWord) dest ??= merchantCards.find((mc) => sameCard(c, mc.number))!.number
      else card ??= c
      return ' '.repeat(m.length)
    })
  )

  if (cleaned.some((l) => WITHDRAWAL.test(l)) && !cleaned.some((l) => /واریز|deposit|\+/i.test(l))) throw new SmsParseError('the text is not a deposit')

  let best: { amount: number; score: number } | undefined
  for (const line of cleaned) {
    // On a line that also gives the balance, only what comes before the balance counts.
    const scoped = line.split(BALANCE)[0]
    for (const m of scoped.matchAll(/([+-]?)(\d{1,3}(?:,\d{3})+|\d+)([+-]?)/g)) {
      const before = scoped.slice(0, m.index)
      const after = scoped.slice(m.index! + m[0].length)
      const digits = m[2].replace(/,/g, '')
      // dates and times (1403/10/06, 21:59, 0205-1430) and long identifiers are not amounts
      if (/\d[/:]$/.test(before) || /^[/:]\d/.test(after)) continue
      if (!m[2].includes(',') && ACCOUNT_BEFORE.test(before)) continue
      if (!m[2].includes(',') && digits.length > 12) continue
      if (m[1] === '-' || m[3] === '-') {
        if (/^\d/.test(after) || /\d$/.test(before)) continue
      }
      let score = 0
      if (m[2].includes(',')) score += 2
      if (m[1] === '+' || m[3] === '+') score += 3
      if (AMOUNT_BEFORE.test(before)) score += 3
      if (UNIT_AFTER.test(after)) score += 3
      if (score === 0) continue
      const amount = Number(digits) * (TOMAN_AFTER.test(after) ? 10 : 1)
      if (!best || score > best.score) best = { amount, score }
    }
  }
  if (!best || best.amount <= 0) throw new SmsParseError('no deposit amount found in the text')

  const bank = BANKS.find(([re]) => re.test(lines.slice(0, 2).join(' ')))?.[1] ?? BANKS.find(([re]) => re.test(text))?.[1] ?? null
  return { amount: best.amount, card, dest, bank }
}
