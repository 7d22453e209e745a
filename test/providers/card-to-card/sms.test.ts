import t from 'tap'
import { parseDepositSms, depositSmsText } from '../../../src/providers/card-to-card/sms.js'
import { json, sandbox } from '../../helpers/sandbox.js'
import { check, createPayment, deposit, SAMAN, MELLAT, PAYER } from '../../helpers/card-to-card.js'

const CARDS = [
  { number: SAMAN, name: 'شاهین محسنی', bank: 'بانک سامان' },
  { number: MELLAT, name: 'شاهین محسنی', bank: 'بانک ملت' }
]

t.test('parses the common bank deposit formats [I]', async (t) => {
  const cases: Array<[string, string, { amount: number; card: string | null; dest: string | null; bank: string | null }]> = [
    ['Mellat, label:value lines, balance after', 'بانک ملت\nواریز:1,500,000\nحساب:5287654321\nمانده:12,340,000\n1403/10/06-21:59', { amount: 1500000, card: null, dest: null, bank: 'بانک ملت' }],
    ['Melli, amount with a trailing plus', 'بانک ملی ایران\nانتقال به:0101234567008\nمبلغ:250,000+\nمانده:5,000,000\n0206-14:30', { amount: 250000, card: null, dest: null, bank: 'بانک ملی' }],
    ['Saman with Persian digits and both cards', 'بانک سامان\nواریز به کارت ۶۲۱۹۸۶******۷۸۹۸\nمبلغ: ۱۱٬۳۸۵ ریال\nاز کارت ۶۰۳۷۹۹۱۱۲۲۳۳۴۴۵۵\nموجودی: ۲۰٬۰۰۰٬۰۰۰', { amount: 11385, card: PAYER, dest: SAMAN, bank: 'بانک سامان' }],
    ['Tejarat, one line, tomans', 'بانک تجارت واریز 45,000 تومان به حساب 1234567890 مانده 1,200,000 تومان', { amount: 450000, card: null, dest: null, bank: 'بانک تجارت' }],
    ['Pasargad, sign first, masked depositor card', 'پاسارگاد\n+2,000,000\nاز 603799******4455\n1403/01/15 09:05', { amount: 2000000, card: '603799******4455', dest: null, bank: 'بانک پاسارگاد' }],
    ['English Mellat-style', 'Bank Mellat\nDeposit: 75,000 IRR\nCard: 6104-3398-7654-3210\nFrom: 6037-9911-2233-4455\nBalance: 900,000', { amount: 75000, card: PAYER, dest: MELLAT, bank: 'بانک ملت' }],
    ['Arabic-Indic digits, no separators', 'بانک صادرات\nواریز ٣٠٠٠٠ ریال', { amount: 30000, card: null, dest: null, bank: 'بانک صادرات' }],
    ['the sandbox own texts', depositSmsText({ amount: 41000, card: PAYER, dest: CARDS[1], at: new Date(0) }), { amount: 41000, card: PAYER, dest: MELLAT, bank: 'بانک ملت' }]
  ]
  for (const [name, text, expected] of cases) {
    let got: unknown
    try {
      got = parseDepositSms(text, CARDS)
    } catch (e) {
      got = String(e)
    }
    t.same(got, expected, name)
  }
})

t.test('refuses withdrawals and texts without an amount', async (t) => {
  t.throws(() => parseDepositSms('بانک ملت\nبرداشت:1,500,000\nمانده:100,000', CARDS), /not a deposit/)
  t.throws(() => parseDepositSms('سلام، کد تایید شما 12345', CARDS), /no deposit amount/)
  t.throws(() => parseDepositSms('بانک ملت\nمانده:1,500,000', CARDS), /no deposit amount/)
})

t.test('a raw SMS through the deposits action settles the payment it names', async (t) => {
  const app = await sandbox(t)
  const p = await createPayment(app, { price: 1500000, card: PAYER })
  const text = 'بانک سامان\nواریز به کارت ۶۲۱۹۸۶******۷۸۹۸\nمبلغ: ۱٬۵۰۰٬۰۰۰ ریال\nاز کارت ۶۰۳۷۹۹۱۱۲۲۳۳۴۴۵۵'
  const r = await deposit(app, { sms: text })
  t.match(r.deposit, { amount: 1500000, card: PAYER, dest: SAMAN, bank: 'بانک سامان', text, pay_id: p.pay_id, outcome: 'paid' })
  t.equal((await check(app, p.pay_id)).body.code, 201)
  const sms = json(await app.inject({ method: 'GET', url: '/__sandbox/sms?provider=card-to-card' })).messages
  t.equal(sms[0].text, text, 'the raw text is what the outbox shows')
  const q = await createPayment(app, { price: 30000 })
  t.equal((await deposit(app, { text: 'بانک صادرات\nواریز ٣٠٬٠٠٠ ریال' })).deposit.pay_id, q.pay_id, '`text` is an alias of `sms`')
})
