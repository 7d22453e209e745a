/**
 * Every curl of seed 001, run with curl as the document writes it, with only the host swapped
 * (https://api.baloan.ir → the sandbox) and the credentials/OTP/token placeholders filled in.
 */
import t from 'tap'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox } from '../../../src/index.js'
import { PDF } from '../../helpers/sandbox.js'

const run = promisify(execFile)

t.test('seed 001 curls, as written', async (t) => {
  const sb = await startSandbox()
  t.teardown(() => sb.close())
  const host = `${sb.url}/api.baloan.ir`
  const curl = async (...args: string[]) => JSON.parse((await run('curl', ['-s', ...args.map((a) => a.replaceAll('https://api.baloan.ir', host))])).stdout)
  const dir = mkdtempSync(join(tmpdir(), 'seed-'))
  const pdfPath = join(dir, 'file.pdf')
  writeFileSync(pdfPath, PDF)

  // v1 token: `curl -X POST -d username=store_name -d password=store_password https://api.baloan.ir/api/v1/merchant/token/`
  const v1 = await curl('-X', 'POST', '-d', 'username=store_name', '-d', 'password=store_password', 'https://api.baloan.ir/api/v1/merchant/token/')
  t.same(Object.keys(v1), ['refresh', 'access'])
  const accesstoken = v1.access as string

  const upload = await curl('--location', 'https://api.baloan.ir/api/v1/utility/file-upload/', '--header', 'Accept-Language: en', '--header', `Authorization: Bearer ${accesstoken}`, '--form', `file=@"${pdfPath}"`)
  t.match(upload, { status: 'ok', message: '', message_code: '', data: { uuid: String, file: String } })

  const check1 = await curl('https://api.baloan.ir/api/v1/merchant/check-credit/', '-H', `Authorization: Bearer ${accesstoken}`, '-X', 'POST', '-d', 'national_identifier=0012345678')
  t.same(check1, { status: 'ok', message: '', message_code: '', data: { national_identifier: '0012345678', amount: 100000000 } })

  const otp1 = await curl('https://api.baloan.ir/api/v1/merchant/send-credit-otp/', '-H', `Authorization: Bearer ${accesstoken}`, '-X', 'POST', '-d', 'national_identifier=0012345678')
  t.same(otp1, { status: 'ok', message: '', message_code: '', data: {} })
  const otp = sb.app.sandbox.store.sms({ to: '09121234567' })[0].code!

  // the v1 example bills 500,000,000: more than this customer's 100,000,000 credit
  const settle1 = await curl('--location', 'https://api.baloan.ir/api/v1/merchant/settle-confirm/', '--header', `Authorization: Bearer ${accesstoken}`, '--form', 'national_identifier="0012345678"', '--form', `otp="${otp}"`, '--form', 'data="{\\"code\\":\\"TLC-111111\\", \\"bill\\":{\\"total\\":500000000}}"', '--form', `file=@"${pdfPath}"`)
  t.same(settle1, { status: 'error', message: 'اعتبار کاربر برای این خرید کافی نیست.', message_code: 'insufficient_credit', data: {} })

  // v2, JSON bodies
  const storeUuid = sb.app.sandbox.store.defaultTenant.credentials.baloan.store_uuid
  const v2 = await curl('--location', 'https://api.baloan.ir/api/v2/merchant/token/', '--header', 'Content-Type: application/json', '--data', `{\n"username": "${storeUuid}",\n"password": "store_password"\n}`)
  const access_token = v2.access as string

  const check2 = await curl('--location', 'https://api.baloan.ir/api/v2/merchant/check-credit/', '--header', 'Content-Type: application/json', '--header', `Authorization: Bearer ${access_token}`, '--data', '{\n"national_identifier": "4311204302"\n}')
  t.same(check2, { status: 'ok', message: '', message_code: '', data: { national_identifier: '4311204302', user_credit: 40000000 } })

  const otp2 = await curl('--location', 'https://api.baloan.ir/api/v2/merchant/send-credit-otp/', '--header', 'Content-Type: application/json', '--header', `Authorization: Bearer ${access_token}`, '--data', '{\n"national_identifier": "0012345678"\n}')
  t.same(otp2, { status: 'ok', message: '', message_code: '', data: {} })
  const code = sb.app.sandbox.store.sms({ to: '09121234567' })[0].code!

  const validated = await curl('--location', 'https://api.baloan.ir/api/v2/merchant/validate-credit-otp/', '--header', 'Content-Type: application/json', '--header', `Authorization: Bearer ${access_token}`, '--data', `{\n"national_identifier": "0012345678",\n"otp": "${code}"\n}`)
  t.match(validated, { status: 'ok', message: '', message_code: '', data: { token: /^[0-9a-f-]{36}$/ } })

  // the v2 example bills 60,000,000 of 100,000,000 and leaves 40,000,000, as the document shows
  const settle2 = await curl('--location', 'https://api.baloan.ir/api/v2/merchant/settle-confirm/', '--header', `Authorization: Bearer ${access_token}`, '--form', 'national_identifier="0012345678"', '--form', 'data="{\\"code\\":\\"TLC-111111\\", \\"bill\\":{\\"total\\":60000000}}"', '--form', `file=@"${pdfPath}"`, '--form', `token="${validated.data.token}"`)
  t.same(settle2, { status: 'ok', message: '', message_code: '', data: { user_credit: 40000000 } })
})
