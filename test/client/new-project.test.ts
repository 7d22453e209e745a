/**
 * A new TypeScript project that depends on the package uses every client with only the sandbox
 * URL: `tsc --noEmit` against the package's published types (dist/, built by `npm test`'s
 * pretest), linked into node_modules as an install would place it.
 */
import t from 'tap'
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

const PROJECT = `
import { SandboxClient, VandarClient, BaloanClient, BazaarPayClient, CardToCardClient, CardToCartClient, ConnectionError } from 'pardakht-sandbox'
import type { VandarPayResult, BazaarPayVisitResult, BazaarPayContractVisitResult, DepositResult } from 'pardakht-sandbox/client'

const sandboxUrl = 'http://127.0.0.1:4100'

export const run = async (): Promise<Array<string | null>> => {
  const control = new SandboxClient({ sandboxUrl })
  const tenant = await control.createTenant()
  const opt = { tenant: tenant.id }

  const vandar = new VandarClient({ sandboxUrl, business: tenant.vandar.business, accessToken: tenant.vandar.access_token, apiKey: tenant.vandar.ipg_api_key })
  const token = await vandar.ipg.send({ amount: 10000, callback_url: 'https://example.com/cb' })
  const paid: VandarPayResult = await control.vandar.pay(token, { card_number: '6037990000057899' })
  // @ts-expect-error the page's outcomes are OK and FAILED
  await control.vandar.pay(token, { status: 'MAYBE' })
  const receipt = await vandar.ipg.verify(token)

  const baloan = new BaloanClient({ sandboxUrl, storeUuid: tenant.baloan.store_uuid, password: tenant.baloan.password })
  const credit: number = (await baloan.v2.checkCredit('4311204302')).user_credit

  const bp = new BazaarPayClient({ sandboxUrl, merchantToken: tenant.bazaarpay.merchant_token })
  const { checkout_token } = await bp.initCheckout({ amount: 5000, destination: tenant.bazaarpay.destination, service_name: 'VIP' })
  const visit: BazaarPayVisitResult = await control.bazaarpay.pay(checkout_token, { method: 'wallet', redirect_url: 'https://shop.example/back', ...opt })
  const contract = await bp.initContract({ type: 'wallet', amount_limit: 100000, period: 'monthly', redirect_url: 'https://shop.example/c' })
  const signed: BazaarPayContractVisitResult = await control.bazaarpay.acceptContract(contract.contract_token, { phone: '09123456789', ...opt })
  await bp.directPay(contract.contract_token, { checkout_token })

  const c2c = new CardToCardClient({ sandboxUrl, token: tenant.card_to_card.token })
  const older: CardToCartClient = c2c
  const p = await older.create({ price: 120000, fid: 1, callback: 'https://shop.example/back' })
  const settled: DepositResult = await control.cardToCard.deposit({ amount: p.amount, ...opt })

  try {
    await new SandboxClient({ sandboxUrl: 'http://127.0.0.1:9' }).health()
  } catch (e) {
    if (e instanceof ConnectionError) return [e.url]
  }
  return [paid.redirect_url, visit.redirect_url, signed.redirect_url, settled.redirect_url, String(credit), String(receipt.realAmount)]
}
`

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')]
  },
  files: ['index.ts']
}

t.test('a new project type-checks using every client with only sandboxUrl', async (t) => {
  const types = join(ROOT, 'dist/client/index.d.ts')
  t.ok(existsSync(types), 'dist/ is built (npm run build)')
  if (!existsSync(types)) return
  const dir = mkdtempSync(join(tmpdir(), 'pardakht-new-project-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(ROOT, join(dir, 'node_modules/pardakht-sandbox'), 'dir')
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'shop', type: 'module', private: true }))
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG))
  writeFileSync(join(dir, 'index.ts'), PROJECT)
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc')
  const result = await promisify(execFile)(process.execPath, [tsc, '-p', dir], { cwd: dir }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr })
  )
  t.equal(result.out, '', 'no type errors (and the @ts-expect-error line is one: the types are real)')
  t.equal(result.code, 0)
})
